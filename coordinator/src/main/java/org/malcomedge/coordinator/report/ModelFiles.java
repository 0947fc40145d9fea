package org.malcomedge.coordinator.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.train.ModelExport;
import org.malcomedge.agent.train.ModelSpec;

/**
 * What a run leaves to deploy: {@value #MODEL_ONNX}, the average of the nodes' final models as a
 * plain inference model that takes the features as the dataset stores them (the standardization,
 * if the run used one, in front), and {@value #SCALING_CSV}, that standardization for people and
 * other tools ({@code feature,mean,scale}; {@code x' = (x - mean) / scale}).
 */
public final class ModelFiles {

    public static final String MODEL_ONNX = "model.onnx";
    public static final String SCALING_CSV = "scaling.csv";

    private final ModelSpec model;
    private final Optional<Standardization> scaling;

    public ModelFiles(ModelSpec model, Optional<Standardization> scaling) {
        this.model = Objects.requireNonNull(model, "model");
        this.scaling = Objects.requireNonNull(scaling, "scaling");
    }

    /**
     * Writes both files into {@code dir}; the model only when some node's final model is known
     * ({@code finalModels[i]} null: node i's did not arrive).
     */
    public void write(Path dir, float[][] finalModels) throws IOException {
        if (scaling.isPresent()) {
            Files.writeString(dir.resolve(SCALING_CSV), csv(scaling.get()), StandardCharsets.UTF_8);
        }
        float[][] known = Arrays.stream(finalModels).filter(m -> m != null && m.length == model.dimension())
                .toArray(float[][]::new);
        if (known.length > 0) {
            ModelExport.write(model, average(known), scaling, dir.resolve(MODEL_ONNX));
        }
    }

    static String csv(Standardization s) {
        StringBuilder out = new StringBuilder("feature,mean,scale\n");
        for (int j = 0; j < s.features(); j++) {
            out.append(j).append(',').append(s.mean()[j]).append(',').append(s.scale()[j]).append('\n');
        }
        return out.toString();
    }

    private static float[] average(float[][] models) {
        double[] sum = new double[models[0].length];
        for (float[] m : models) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += m[k];
            }
        }
        float[] mean = new float[sum.length];
        for (int k = 0; k < sum.length; k++) {
            mean[k] = (float) (sum[k] / models.length);
        }
        return mean;
    }
}
