package org.malcomedge.agent.testing;

import org.malcomedge.agent.train.Trainer;

/**
 * Test twin: multinomial logistic regression, theta = [W (classes x inputs) row-major, b]. Exact
 * mean softmax cross-entropy and its gradient; a reference for real trainers' plumbing.
 */
public final class SoftmaxTrainer implements Trainer {

    private final int inputs;
    private final int classes;
    private final float[] logits;

    public SoftmaxTrainer(int inputs, int classes) {
        this.inputs = inputs;
        this.classes = classes;
        this.logits = new float[classes];
    }

    @Override
    public int dimension() {
        return classes * inputs + classes;
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public float lossAndGradient(float[] theta, float[] features, int[] labels, int rows, float[] gradient) {
        java.util.Arrays.fill(gradient, 0f);
        double loss = 0;
        int bias = classes * inputs;
        for (int r = 0; r < rows; r++) {
            forward(theta, features, r);
            loss -= Math.log(Math.max(logits[labels[r]], 1e-30f));
            for (int c = 0; c < classes; c++) {
                float delta = (logits[c] - (c == labels[r] ? 1f : 0f)) / rows;
                for (int f = 0; f < inputs; f++) {
                    gradient[c * inputs + f] += delta * features[r * inputs + f];
                }
                gradient[bias + c] += delta;
            }
        }
        return (float) (loss / rows);
    }

    /** Softmax probabilities of row r into logits. */
    private void forward(float[] theta, float[] features, int r) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            float z = theta[classes * inputs + c];
            for (int f = 0; f < inputs; f++) {
                z += theta[c * inputs + f] * features[r * inputs + f];
            }
            logits[c] = z;
            max = Math.max(max, z);
        }
        float sum = 0;
        for (int c = 0; c < classes; c++) {
            logits[c] = (float) Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < classes; c++) {
            logits[c] /= sum;
        }
    }

    @Override
    public int[] predict(float[] theta, float[] features, int rows) {
        int[] predictions = new int[rows];
        for (int r = 0; r < rows; r++) {
            forward(theta, features, r);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            predictions[r] = best;
        }
        return predictions;
    }

    @Override
    public String backend() {
        return "twin-softmax";
    }

    @Override
    public void close() {
    }
}
