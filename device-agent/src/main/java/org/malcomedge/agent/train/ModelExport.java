package org.malcomedge.agent.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.malcomedge.agent.data.Standardization;

/**
 * A trained model as a plain inference .onnx: input {@code x} [batch, n_in], output
 * {@code logits} [batch, C], each layer's W and b baked in as initializers, and the features'
 * standardization in front when the model was trained on standardized data. Loads in any ONNX
 * runtime; the predicted class is the argmax of the logits.
 */
public final class ModelExport {

    private ModelExport() {
    }

    public static byte[] toOnnx(ModelSpec spec, float[] theta) {
        return toOnnx(spec, theta, Optional.empty());
    }

    /**
     * With a standardization, the model takes the features as the dataset stores them and
     * standardizes them itself ({@code (x - mean) / scale} in front), as the trainer's data was.
     */
    public static byte[] toOnnx(ModelSpec spec, float[] theta, Optional<Standardization> scaling) {
        scaling.ifPresent(s -> s.requireFeatures(spec.inputs(), "model " + spec));
        if (theta.length != spec.dimension()) {
            throw new IllegalArgumentException("theta has length " + theta.length + ", " + spec + " needs " + spec.dimension());
        }
        return ModelGraphs.inference(spec, theta, scaling).toOnnx("malcom-inference");
    }

    public static void write(ModelSpec spec, float[] theta, Optional<Standardization> scaling, Path file) throws IOException {
        Files.write(file, toOnnx(spec, theta, scaling));
    }
}
