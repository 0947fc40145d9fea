package org.malcomedge.agent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.train.graph.JavaGraph;
import org.malcomedge.agent.train.graph.Tensor;
import org.malcomedge.agent.train.graph.TrainStepCompiler;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

/** cnn: models end to end: both backends' gradients, training on digits, the exported graph. */
class CnnTest {

    /** Small CNNs with every stage kind, strides and pads; features, classes. */
    private static final Object[][] SPECS = {
        {"cnn:2x5x5,c3k3p1,max2,c2k2p1,avg2,fc4", 50, 3},
        {"cnn:1x6x6,c2k3s2p1,gap", 36, 4},
        {"cnn:c3k2,max2s1,fc5", 16, 2},
        {"cnn:c2k3p1,avg2p1,c3,max2", 36, 3},
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void ortAndJavaAgreeAndMatchCentralDifferences(int seed) {
        Object[] row = SPECS[seed % SPECS.length];
        ModelSpec spec = ModelSpec.parse((String) row[0], (int) row[1], (int) row[2]);
        SplittableRandom random = new SplittableRandom(seed);
        float[] theta = spec.initialize(seed);
        for (int k = 0; k < theta.length; k++) {
            theta[k] += (float) (0.1 * random.nextGaussian());
        }
        int rows = random.nextInt(1, 6);
        float[] x = new float[rows * spec.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int[] y = random.ints(rows, 0, spec.classes()).toArray();
        float[] ort = new float[theta.length];
        float[] java = new float[theta.length];
        float ortLoss;
        float javaLoss;
        try (Trainer o = Trainers.create(spec, Backend.ORT, 1); Trainer j = Trainers.create(spec, Backend.JAVA, 1)) {
            assertEquals("ort", o.backend());
            assertEquals("java", j.backend());
            ortLoss = o.lossAndGradient(theta, x, y, rows, ort);
            javaLoss = j.lossAndGradient(theta, x, y, rows, java);
        }
        double[] numeric = centralDifferences(spec, theta, x, y, rows);
        assertEquals(javaLoss, ortLoss, 1e-4 * Math.max(1, javaLoss));
        assertTrue(GradientTest.relativeError(ort, numeric) < 1e-4, "ORT vs finite differences " + GradientTest.relativeError(ort, numeric));
        assertTrue(GradientTest.relativeError(java, numeric) < 1e-5, "Java vs finite differences " + GradientTest.relativeError(java, numeric));
        assertTrue(GradientTest.relativeError(ort, GradientTest.toDouble(java)) < 1e-4, "ORT vs Java on " + spec);
    }

    /** Central differences of the Java backend's double-precision loss graph. */
    private static double[] centralDifferences(ModelSpec spec, float[] theta, float[] x, int[] y, int rows) {
        JavaGraph graph = new JavaGraph(ModelGraphs.loss(spec));
        Tensor xs = Tensor.of(x, rows, spec.inputs());
        Tensor ys = Tensor.ofInts(y, rows);
        double[] t = GradientTest.toDouble(theta);
        double[] g = new double[t.length];
        double h = 1e-6;
        for (int k = 0; k < t.length; k++) {
            double saved = t[k];
            t[k] = saved + h;
            double up = loss(graph, t, xs, ys);
            t[k] = saved - h;
            double down = loss(graph, t, xs, ys);
            t[k] = saved;
            g[k] = (up - down) / (2 * h);
        }
        return g;
    }

    private static double loss(JavaGraph graph, double[] theta, Tensor x, Tensor y) {
        Map<String, Tensor> inputs = Map.of(ModelGraphs.THETA, new Tensor(new int[] {theta.length}, theta.clone()), ModelGraphs.X, x,
                ModelGraphs.Y, y);
        return graph.run(inputs).get(TrainStepCompiler.LOSS).data()[0];
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"ORT", "JAVA"})
    void aSmallCnnOnDigitsReaches93PercentInSixEpochsAndExportsTheSamePredictions(Backend backend) throws Exception {
        TrainTest digits = Datasets.load("digits", Optional.empty(), java.nio.file.Path.of("."));
        ModelSpec spec = ModelSpec.parse("cnn:c8k3p1,max2,c16k3p1,max2,fc32", 64, 10);
        float[] theta = spec.initialize(7);
        try (Trainer trainer = Trainers.create(spec, backend, 1)) {
            TrainingTest.train(trainer, theta, digits.train(), new Optimizer(0.05f, 0.9f, 0f), 6, 32, 11);
            Dataset test = digits.test();
            int[] predicted = trainer.predict(theta, test.x(), test.rows());
            double accuracy = TrainingTest.accuracy(predicted, test.y());
            assertTrue(accuracy >= 0.93, backend + " reached " + accuracy);
            assertArrayEquals(predicted, TrainingTest.predictions(ModelExport.toOnnx(spec, theta), test));
        }
    }
}
