package org.malcomedge.agent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

class GradientTest {

    /** A random MLP problem: spec, theta, batch. */
    private record Problem(ModelSpec spec, float[] theta, float[] x, int[] y, int rows) {
        static Problem random(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int inputs = random.nextInt(2, 12);
            int classes = random.nextInt(2, 7);
            int depth = random.nextInt(0, 3);
            StringBuilder text = new StringBuilder("mlp:");
            for (int i = 0; i < depth; i++) {
                text.append(i == 0 ? "" : ",").append(random.nextInt(1, 10));
            }
            ModelSpec spec = ModelSpec.parse(text.toString(), inputs, classes);
            float[] theta = spec.initialize(seed);
            for (int k = 0; k < theta.length; k++) {
                theta[k] += (float) (0.1 * random.nextGaussian()); // nonzero biases too
            }
            int rows = random.nextInt(1, 17);
            float[] x = new float[rows * inputs];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            int[] y = random.ints(rows, 0, classes).toArray();
            return new Problem(spec, theta, x, y, rows);
        }

        float[] gradient(Backend backend) {
            try (Trainer trainer = Trainers.create(spec, backend, 1)) {
                assertEquals(backend.name().toLowerCase(), trainer.backend());
                float[] g = new float[spec.dimension()];
                float loss = trainer.lossAndGradient(theta, x, y, rows, g);
                assertEquals(ReferenceMlp.loss(spec, toDouble(theta), x, y, rows), loss, 1e-4 * Math.max(1, loss));
                return g;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void ortAndJavaAgreeAndMatchCentralDifferences(long seed) {
        Problem p = Problem.random(seed);
        float[] ort = p.gradient(Backend.ORT);
        float[] java = p.gradient(Backend.JAVA);
        assertTrue(relativeError(ort, toDouble(java)) < 1e-4, "ORT vs Java " + relativeError(ort, toDouble(java)) + " on " + p.spec());
        double[] numeric = centralDifferences(p);
        assertTrue(relativeError(ort, numeric) < 1e-4, "ORT vs finite differences " + relativeError(ort, numeric));
        assertTrue(relativeError(java, numeric) < 1e-4, "Java vs finite differences " + relativeError(java, numeric));
    }

    /** Central differences of the double-precision reference loss, so that h can be small. */
    private static double[] centralDifferences(Problem p) {
        double[] theta = toDouble(p.theta());
        double[] g = new double[theta.length];
        double h = 1e-6;
        for (int k = 0; k < theta.length; k++) {
            double saved = theta[k];
            theta[k] = saved + h;
            double up = ReferenceMlp.loss(p.spec(), theta, p.x(), p.y(), p.rows());
            theta[k] = saved - h;
            double down = ReferenceMlp.loss(p.spec(), theta, p.x(), p.y(), p.rows());
            theta[k] = saved;
            g[k] = (up - down) / (2 * h);
        }
        return g;
    }

    static double relativeError(float[] actual, double[] expected) {
        return org.malcomedge.agent.train.graph.RuleCheck.relativeError(actual, expected);
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            d[k] = v[k];
        }
        return d;
    }
}
