package org.malcomedge.agent.data;

import java.util.SplittableRandom;
import org.malcomedge.agent.train.Trainer;

/**
 * The test rows models are scored on: the whole test set or a seeded subsample of it. The
 * simulator and every device of a real fleet build it from the same seed, so they score on the
 * same rows.
 */
public final class EvaluationSet {

    private final float[] features;
    private final int[] labels;
    private final int rows;

    /**
     * @param samples rows to keep (0, or at least the test set's size: all of them)
     */
    public EvaluationSet(Dataset test, int samples, long seed) {
        if (samples < 0) {
            throw new IllegalArgumentException("test samples must be >= 0, got " + samples);
        }
        if (samples == 0 || samples >= test.rows()) {
            features = test.x();
            labels = test.y();
            rows = test.rows();
            return;
        }
        int[] order = new int[test.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < samples; i++) { // partial Fisher-Yates: the first `samples` of a permutation
            int j = i + random.nextInt(order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int f = test.features();
        rows = samples;
        features = new float[samples * f];
        labels = new int[samples];
        for (int r = 0; r < samples; r++) {
            System.arraycopy(test.x(), order[r] * f, features, r * f, f);
            labels[r] = test.y()[order[r]];
        }
    }

    /** Fraction of the rows {@code model} classifies right. */
    public double accuracy(Trainer trainer, float[] model) {
        int[] predicted = trainer.predict(model, features, rows);
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (predicted[r] == labels[r]) {
                correct++;
            }
        }
        return (double) correct / rows;
    }
}
