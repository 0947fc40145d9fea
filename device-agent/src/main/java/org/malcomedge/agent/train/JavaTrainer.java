package org.malcomedge.agent.train;

import java.util.Arrays;
import java.util.List;

/**
 * The MLP's loss and gradient in plain Java: the reference for the ORT backend and the fallback
 * where its natives cannot load. No native state, so construction costs only the activation buffers.
 *
 * <p>The loops are arranged for the JIT's auto-vectorizer: every inner loop is an axpy over a
 * contiguous row (a layer is x W + b with W [in, out] row-major), and samples are processed in
 * blocks of {@value #BLOCK} rows so that the block's activations stay in L1 while W streams past.
 */
final class JavaTrainer extends JavaBackend {

    private static final int BLOCK = 16;

    private final List<ModelSpec.Layer> layers;
    /** outputs[l]: layer l's output for the batch (after ReLU for hidden layers; logits last). */
    private final float[][] outputs;
    /** deltas[l]: d(loss)/d(pre-activation of layer l) for the batch. */
    private final float[][] deltas;
    private int capacity;

    JavaTrainer(ModelSpec spec) {
        super(spec);
        this.layers = spec.layers();
        this.outputs = new float[layers.size()][];
        this.deltas = new float[layers.size()][];
    }

    @Override
    public float lossAndGradient(float[] theta, float[] features, int[] labels, int rows, float[] gradient) {
        TrainerChecks.batch(this, theta, features, labels, rows, gradient);
        forward(theta, features, rows);
        int last = layers.size() - 1;
        float loss = softmaxCrossEntropy(outputs[last], labels, rows, spec.classes(), deltas[last]);
        Arrays.fill(gradient, 0f);
        for (int l = last; l >= 0; l--) {
            ModelSpec.Layer layer = layers.get(l);
            float[] input = l == 0 ? features : outputs[l - 1];
            weightGradient(input, deltas[l], rows, layer, gradient);
            biasGradient(deltas[l], rows, layer, gradient);
            if (l > 0) {
                inputGradient(theta, deltas[l], rows, layer, outputs[l - 1], deltas[l - 1]);
            }
        }
        return loss;
    }

    @Override
    public int[] predict(float[] theta, float[] features, int rows) {
        TrainerChecks.features(this, theta, features, rows);
        forward(theta, features, rows);
        return TrainerChecks.argmax(outputs[layers.size() - 1], rows, spec.classes());
    }

    private void forward(float[] theta, float[] features, int rows) {
        ensureCapacity(rows);
        float[] input = features;
        for (int l = 0; l < layers.size(); l++) {
            ModelSpec.Layer layer = layers.get(l);
            dense(theta, input, rows, layer, outputs[l]);
            input = outputs[l];
        }
    }

    /** z = x W + b, then ReLU for hidden layers. */
    private static void dense(float[] theta, float[] x, int rows, ModelSpec.Layer layer, float[] z) {
        int in = layer.in();
        int out = layer.out();
        int w = layer.weightOffset();
        for (int b = 0; b < rows; b++) {
            System.arraycopy(theta, layer.biasOffset(), z, b * out, out);
        }
        for (int b0 = 0; b0 < rows; b0 += BLOCK) {
            int b1 = Math.min(rows, b0 + BLOCK);
            for (int k = 0; k < in; k++) {
                int wk = w + k * out;
                for (int b = b0; b < b1; b++) {
                    float xk = x[b * in + k];
                    int zb = b * out;
                    for (int j = 0; j < out; j++) {
                        z[zb + j] += xk * theta[wk + j];
                    }
                }
            }
        }
        if (layer.relu()) {
            for (int i = 0, n = rows * out; i < n; i++) {
                z[i] = Math.max(z[i], 0f);
            }
        }
    }

    /** Mean cross-entropy of softmax(logits) [rows, classes]; writes dlogits = (softmax - onehot) / rows. */
    private static float softmaxCrossEntropy(float[] logits, int[] labels, int rows, int classes, float[] delta) {
        double total = 0;
        double scale = 1.0 / rows;
        for (int b = 0; b < rows; b++) {
            int row = b * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, logits[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(logits[row + j] - max);
            }
            total += Math.log(sum) + max - logits[row + labels[b]];
            for (int j = 0; j < classes; j++) {
                delta[row + j] = (float) (Math.exp(logits[row + j] - max) / sum * scale);
            }
            delta[row + labels[b]] -= (float) scale;
        }
        return (float) (total / rows);
    }

    private static void weightGradient(float[] input, float[] delta, int rows, ModelSpec.Layer layer, float[] gradient) {
        int in = layer.in();
        int out = layer.out();
        int w = layer.weightOffset();
        for (int b0 = 0; b0 < rows; b0 += BLOCK) {
            int b1 = Math.min(rows, b0 + BLOCK);
            for (int k = 0; k < in; k++) {
                int wk = w + k * out;
                for (int b = b0; b < b1; b++) {
                    float xk = input[b * in + k];
                    int db = b * out;
                    for (int j = 0; j < out; j++) {
                        gradient[wk + j] += xk * delta[db + j];
                    }
                }
            }
        }
    }

    private static void biasGradient(float[] delta, int rows, ModelSpec.Layer layer, float[] gradient) {
        int out = layer.out();
        int bias = layer.biasOffset();
        for (int b = 0; b < rows; b++) {
            int db = b * out;
            for (int j = 0; j < out; j++) {
                gradient[bias + j] += delta[db + j];
            }
        }
    }

    /** d(input) = delta W^T, masked by the input's ReLU (input > 0). */
    private static void inputGradient(float[] theta, float[] delta, int rows, ModelSpec.Layer layer, float[] input, float[] inputDelta) {
        int in = layer.in();
        int out = layer.out();
        int w = layer.weightOffset();
        for (int b = 0; b < rows; b++) {
            int db = b * out;
            for (int k = 0; k < in; k++) {
                int i = b * in + k;
                if (input[i] <= 0f) {
                    inputDelta[i] = 0f;
                    continue;
                }
                int wk = w + k * out;
                float sum = 0f;
                for (int j = 0; j < out; j++) {
                    sum += delta[db + j] * theta[wk + j];
                }
                inputDelta[i] = sum;
            }
        }
    }

    private void ensureCapacity(int rows) {
        if (rows <= capacity) {
            return;
        }
        for (int l = 0; l < layers.size(); l++) {
            outputs[l] = new float[rows * layers.get(l).out()];
            deltas[l] = new float[rows * layers.get(l).out()];
        }
        capacity = rows;
    }
}
