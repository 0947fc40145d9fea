package org.malcomedge.agent.train;

/** Argument checks and helpers shared by the backends, so both reject the same mistakes. */
final class TrainerChecks {

    private TrainerChecks() {
    }

    static void features(Trainer trainer, float[] theta, float[] features, int rows) {
        if (theta.length != trainer.dimension()) {
            throw new IllegalArgumentException("theta has length " + theta.length + ", the model needs " + trainer.dimension());
        }
        if (rows < 1 || (long) rows * trainer.inputs() > features.length) {
            throw new IllegalArgumentException(rows + " rows of " + trainer.inputs() + " features do not fit " + features.length + " values");
        }
    }

    static void batch(Trainer trainer, float[] theta, float[] features, int[] labels, int rows, float[] gradient) {
        features(trainer, theta, features, rows);
        if (gradient.length != trainer.dimension() || labels.length < rows) {
            throw new IllegalArgumentException("gradient of length " + gradient.length + " and " + labels.length
                    + " labels for a model of dimension " + trainer.dimension() + " and " + rows + " rows");
        }
        for (int b = 0; b < rows; b++) {
            if (labels[b] < 0 || labels[b] >= trainer.classes()) {
                throw new IllegalArgumentException("label " + labels[b] + " of row " + b + " is not a class in [0, " + trainer.classes() + ")");
            }
        }
    }

    /** Index of the largest of each row's {@code classes} values. */
    static int[] argmax(float[] logits, int rows, int classes) {
        int[] predicted = new int[rows];
        for (int b = 0; b < rows; b++) {
            int best = 0;
            for (int j = 1; j < classes; j++) {
                if (logits[b * classes + j] > logits[b * classes + best]) {
                    best = j;
                }
            }
            predicted[b] = best;
        }
        return predicted;
    }
}
