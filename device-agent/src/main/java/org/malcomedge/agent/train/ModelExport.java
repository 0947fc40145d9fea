package org.malcomedge.agent.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained model as a plain inference .onnx: input {@code x} [batch, n_in], output
 * {@code logits} [batch, C], each layer's W and b baked in as initializers. Loads in any ONNX
 * runtime; the predicted class is the argmax of the logits.
 */
public final class ModelExport {

    private ModelExport() {
    }

    public static byte[] toOnnx(ModelSpec spec, float[] theta) {
        if (theta.length != spec.dimension()) {
            throw new IllegalArgumentException("theta has length " + theta.length + ", " + spec + " needs " + spec.dimension());
        }
        return MlpGraphs.inference(spec, theta).toOnnx("malcom-inference");
    }

    public static void write(ModelSpec spec, float[] theta, Path file) throws IOException {
        Files.write(file, toOnnx(spec, theta));
    }
}
