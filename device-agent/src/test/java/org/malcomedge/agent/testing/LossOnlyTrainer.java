package org.malcomedge.agent.testing;

import org.malcomedge.agent.train.Trainer;

/**
 * A test trainer that is only a loss of theta (a quadratic, a bowl): its dimension, inputs and
 * classes fixed, predictions all class 0, nothing to close.
 */
public abstract class LossOnlyTrainer implements Trainer {

    private final int dimension;
    private final int inputs;
    private final int classes;
    private final String name;

    protected LossOnlyTrainer(int dimension, int inputs, int classes, String name) {
        this.dimension = dimension;
        this.inputs = inputs;
        this.classes = classes;
        this.name = name;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    public final int inputs() {
        return inputs;
    }

    @Override
    public final int classes() {
        return classes;
    }

    @Override
    public final int[] predict(float[] theta, float[] features, int rows) {
        return new int[rows];
    }

    @Override
    public final String backend() {
        return name;
    }

    @Override
    public final void close() {
    }
}
