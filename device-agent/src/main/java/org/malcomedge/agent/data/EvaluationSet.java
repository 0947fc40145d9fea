package org.malcomedge.agent.data;

import java.util.SplittableRandom;
import org.malcomedge.agent.train.Trainer;

/**
 * The rows models are scored on: a whole set (test, or train for a training loss) or a seeded
 * subsample of it. The simulator and every device of a real fleet build it from the same seed, so
 * they score on the same rows.
 */
public final class EvaluationSet {

    private final float[] features;
    private final int[] labels;
    private final int rows;

    /**
     * @param samples rows to keep (0, or at least the set's size: all of them)
     */
    public EvaluationSet(Dataset source, int samples, long seed) {
        if (samples < 0) {
            throw new IllegalArgumentException("test samples must be >= 0, got " + samples);
        }
        if (samples == 0 || samples >= source.rows()) {
            features = source.x();
            labels = source.y();
            rows = source.rows();
            return;
        }
        int[] order = new int[source.rows()];
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
        int f = source.features();
        rows = samples;
        features = new float[samples * f];
        labels = new int[samples];
        for (int r = 0; r < samples; r++) {
            System.arraycopy(source.x(), order[r] * f, features, r * f, f);
            labels[r] = source.y()[order[r]];
        }
    }

    /** Mean softmax cross-entropy of {@code model} on these rows. */
    public double loss(Trainer trainer, float[] model) {
        return trainer.lossAndGradient(model, features, labels, rows, new float[model.length]);
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
