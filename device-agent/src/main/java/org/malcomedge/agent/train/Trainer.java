package org.malcomedge.agent.train;

/**
 * Loss, gradient and predictions of one model on a flat parameter vector {@code theta} of length
 * {@link #dimension()} (DESIGN.md section 2: layer by layer, weight matrix row-major, then bias).
 * Backends: ONNX Runtime and plain Java; they agree within 1e-4 relative.
 *
 * <p>A trainer may reuse internal buffers, so one instance serves one thread at a time.
 */
public interface Trainer extends AutoCloseable {

    int dimension();

    /** Number of input features per sample. */
    int inputs();

    /** Number of classes. */
    int classes();

    /**
     * Mean softmax cross-entropy over the batch, writing d(loss)/d(theta) into {@code gradient}.
     *
     * @param features row-major [rows, inputs]
     * @param labels   class ids, length rows
     * @param gradient output, length {@link #dimension()}
     */
    float lossAndGradient(float[] theta, float[] features, int[] labels, int rows, float[] gradient);

    /** Predicted class of each of {@code rows} samples. */
    int[] predict(float[] theta, float[] features, int rows);

    /** Backend name for logs and reports, e.g. "ort" or "java". */
    String backend();

    @Override
    void close();
}
