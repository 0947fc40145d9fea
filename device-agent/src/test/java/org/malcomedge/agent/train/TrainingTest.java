package org.malcomedge.agent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.FeatureMoments;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

class TrainingTest {

    private static final TrainTest DIGITS = Datasets.load("digits", Optional.empty(), java.nio.file.Path.of("."));

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"ORT", "JAVA"})
    void mlp64x32x10OnDigitsReaches93PercentAndExportsTheSamePredictions(Backend backend) throws Exception {
        ModelSpec spec = ModelSpec.parse("mlp:32", 64, 10);
        float[] theta = spec.initialize(7);
        try (Trainer trainer = Trainers.create(spec, backend, 1)) {
            train(trainer, theta, DIGITS.train(), new Optimizer(0.1f, 0.9f, 0f), 25, 32, 11);
            Dataset test = DIGITS.test();
            int[] predicted = trainer.predict(theta, test.x(), test.rows());
            double accuracy = accuracy(predicted, test.y());
            assertTrue(accuracy >= 0.93, backend + " reached " + accuracy);
            assertArrayEquals(predicted, exportedPredictions(spec, theta, test));
        }
    }

    @org.junit.jupiter.api.Test
    void aModelExportedWithItsStandardizationPredictsFromRawFeaturesWhatTheTrainerPredictsFromStandardOnes() throws Exception {
        // digits at their raw 0..16 scale, as a CSV of sensor counts would come
        TrainTest raw = new TrainTest(times(DIGITS.train(), 16), times(DIGITS.test(), 16), DIGITS.testSet());
        Standardization scaling = Standardization.of(FeatureMoments.of(raw.train()));
        TrainTest standard = scaling.apply(raw);
        ModelSpec spec = ModelSpec.parse("mlp:16", 64, 10);
        float[] theta = spec.initialize(3);
        try (Trainer trainer = Trainers.create(spec, Backend.JAVA, 1)) {
            train(trainer, theta, standard.train(), new Optimizer(0.05f, 0.9f, 0f), 5, 32, 5);
            int[] predicted = trainer.predict(theta, standard.test().x(), standard.test().rows());
            assertTrue(accuracy(predicted, raw.test().y()) >= 0.9, "trained on standardized digits");
            int[] exported = predictions(ModelExport.toOnnx(spec, theta, Optional.of(scaling)), raw.test());
            assertArrayEquals(predicted, exported, "the exported model standardizes raw features itself");
            int[] unscaled = predictions(ModelExport.toOnnx(spec, theta), raw.test());
            assertTrue(!java.util.Arrays.equals(unscaled, exported),
                    "without the standardization in front the same weights predict otherwise");
        }
    }

    private static Dataset times(Dataset data, float factor) {
        float[] x = data.x().clone();
        for (int k = 0; k < x.length; k++) {
            x[k] *= factor;
        }
        return new Dataset(data.name(), x, data.y(), data.rows(), data.features(), data.classes());
    }

    static void train(Trainer trainer, float[] theta, Dataset data, Optimizer optimizer, int epochs, int batch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[batch * data.features()];
        int[] y = new int[batch];
        float[] gradient = new float[theta.length];
        for (int step = 0; step < epochs * data.rows() / batch; step++) {
            for (int b = 0; b < batch; b++) {
                int row = random.nextInt(data.rows());
                System.arraycopy(data.x(), row * data.features(), x, b * data.features(), data.features());
                y[b] = data.y()[row];
            }
            trainer.lossAndGradient(theta, x, y, batch, gradient);
            optimizer.step(theta, gradient);
        }
    }

    static double accuracy(int[] predicted, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    /** Runs the exported .onnx in a fresh ORT session: argmax of its logits. */
    private static int[] exportedPredictions(ModelSpec spec, float[] theta, Dataset test) throws Exception {
        return predictions(ModelExport.toOnnx(spec, theta), test);
    }

    static int[] predictions(byte[] onnx, Dataset test) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx);
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(test.x()), new long[] {test.rows(), test.features()});
             OrtSession.Result result = session.run(Map.of("x", x))) {
            float[][] logits = (float[][]) result.get("logits").orElseThrow().getValue();
            int[] predicted = new int[test.rows()];
            for (int i = 0; i < predicted.length; i++) {
                for (int j = 1; j < logits[i].length; j++) {
                    predicted[i] = logits[i][j] > logits[i][predicted[i]] ? j : predicted[i];
                }
            }
            return predicted;
        }
    }
}
