package org.malcomedge.agent.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.Subsets;

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
        this(samples == 0 || samples >= source.rows() ? source // all of it: no copy
                : Subsets.rows(source, source.name(), rows(source.rows(), samples, seed)));
    }

    /**
     * Scores on exactly the rows of {@code chosen}: a set loaded with {@link #selection} holds the
     * same rows in the same order as {@code new EvaluationSet(whole, samples, seed)}.
     */
    public EvaluationSet(Dataset chosen) {
        this.features = chosen.x();
        this.labels = chosen.y();
        this.rows = chosen.rows();
    }

    /** The rows {@link #EvaluationSet(Dataset, int, long)} keeps, for loading only those. */
    public static Datasets.RowSelection selection(int samples, long seed) {
        return (labels, classes) -> rows(labels.length, samples, seed);
    }

    /** The first {@code samples} of a seeded permutation of 0..total-1 (all rows in order when 0 or >= total). */
    static int[] rows(int total, int samples, long seed) {
        if (samples < 0) {
            throw new IllegalArgumentException("test samples must be >= 0, got " + samples);
        }
        int[] order = new int[total];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (samples == 0 || samples >= total) {
            return order;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < samples; i++) { // partial Fisher-Yates: the first `samples` of a permutation
            int j = i + random.nextInt(order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return Arrays.copyOf(order, samples);
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
