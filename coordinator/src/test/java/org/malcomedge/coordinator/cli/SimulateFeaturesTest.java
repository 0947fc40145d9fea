package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.coordinator.report.ModelFiles;

/**
 * {@code --features}: a CSV of raw sensor counts (0..255) learns with the default standardization
 * and not without it; the run folder holds the statistics and a model that takes raw counts.
 */
class SimulateFeaturesTest {

    @TempDir
    Path dir;

    /** 4 classes, 12 integer features in 0..255 whose class means differ by tens of counts. */
    static Path countsCsv(Path file, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int classes = 4;
        int features = 12;
        double[][] mean = new double[classes][features];
        for (int j = 0; j < features; j++) {
            double base = 20 + random.nextInt(130);
            for (int c = 0; c < classes; c++) {
                mean[c][j] = base + 15 * random.nextInt(5);
            }
        }
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < features; j++) {
            csv.append('s').append(j).append(',');
        }
        csv.append("label\n");
        for (int r = 0; r < 1500; r++) {
            int c = random.nextInt(classes);
            for (int j = 0; j < features; j++) {
                long v = Math.round(mean[c][j] + 20 * gaussian(random));
                csv.append(Math.max(0, Math.min(255, v))).append(',');
            }
            csv.append("kind").append(c).append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private JsonNode simulate(Path csv, String name, String... more) throws IOException {
        Path out = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("simulate", "--out", out.toString(), "--transport", "memory",
                "--dataset", "csv:" + csv, "--label", "label", "--algorithm", "dpsgd", "--nodes", "4", "--rounds", "60",
                "--eval-every", "20"));
        args.addAll(List.of(more));
        MalcomCliTest.Result result = MalcomCliTest.run(args.toArray(String[]::new));
        assertEquals(Cli.OK, result.status(), result.err());
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    @Test
    void rawCountsLearnWithTheDefaultStandardizationAndTheModelFileTakesRawCounts() throws Exception {
        Path csv = countsCsv(dir.resolve("counts.csv"), 4);
        JsonNode standard = simulate(csv, "standard");
        JsonNode raw = simulate(csv, "raw", "--features", "raw");
        double learned = standard.findValue("final_avg_model_accuracy").asDouble();
        double unscaled = raw.findValue("final_avg_model_accuracy").asDouble();
        assertTrue(learned > 0.8, "standardized counts: " + learned);
        assertTrue(unscaled < learned - 0.3, "raw counts: " + unscaled + " against " + learned);

        List<String> scaling = Files.readAllLines(dir.resolve("standard").resolve(ModelFiles.SCALING_CSV));
        assertEquals("feature,mean,scale", scaling.get(0));
        assertEquals(13, scaling.size(), "one row per feature");
        assertTrue(Files.notExists(dir.resolve("raw").resolve(ModelFiles.SCALING_CSV)), "raw runs have no statistics");

        // the deployed model sees raw counts, as the device's sensor gives them
        Dataset test = Datasets.load("csv:" + csv, Optional.of("label"), dir).test();
        double deployed = accuracy(Files.readAllBytes(dir.resolve("standard").resolve(ModelFiles.MODEL_ONNX)), test);
        assertEquals(learned, deployed, 1.0 / test.rows() + 1e-9, "model.onnx on the raw test rows");
    }

    private static double accuracy(byte[] onnx, Dataset test) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx);
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(test.x()), new long[] {test.rows(), test.features()});
             OrtSession.Result result = session.run(Map.of("x", x))) {
            float[][] logits = (float[][]) result.get("logits").orElseThrow().getValue();
            int right = 0;
            for (int i = 0; i < test.rows(); i++) {
                int best = 0;
                for (int c = 1; c < logits[i].length; c++) {
                    best = logits[i][c] > logits[i][best] ? c : best;
                }
                right += best == test.y()[i] ? 1 : 0;
            }
            return (double) right / test.rows();
        }
    }
}
