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
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(ModelExport.toOnnx(spec, theta));
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
