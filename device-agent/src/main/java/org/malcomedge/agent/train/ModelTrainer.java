package org.malcomedge.agent.train;

/** What both backends share: the model and the size accessors of {@link Trainer}. */
abstract class ModelTrainer implements Trainer {

    protected final ModelSpec spec;

    ModelTrainer(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public final int dimension() {
        return spec.dimension();
    }

    @Override
    public final int inputs() {
        return spec.inputs();
    }

    @Override
    public final int classes() {
        return spec.classes();
    }
}
