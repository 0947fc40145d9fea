package org.malcomedge.agent.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DESIGN.md 3.1 checked statistically with fixed seeds. */
class QuantizerStatisticsTest {

    static final int SAMPLES = 4000;

    @ParameterizedTest
    @CsvSource({"1,1", "40,1", "40,2", "40,16", "40,255", "500,4"})
    void unscaledQsgdIsUnbiased(int d, int s) {
        float[] v = CodecFixtures.sparseGaussian(d, 0.3, 11);
        double norm = norm(v);
        double[] mean = new double[d];
        SplittableRandom random = new SplittableRandom(5);
        QsgdQuantizer quantizer = new QsgdQuantizer(s, false, false);
        for (int n = 0; n < SAMPLES; n++) {
            float[] q = quantizer.quantize(v, null, TensorLayout.whole(v.length), random).toVector();
            for (int k = 0; k < d; k++) {
                mean[k] += q[k] / (double) SAMPLES;
            }
        }
        // each entry is v_k plus dither noise of standard deviation at most ||v|| / (2s)
        double tolerance = 5 * norm / (2.0 * s) / Math.sqrt(SAMPLES) + 1e-6 * norm;
        for (int k = 0; k < d; k++) {
            assertEquals(v[k], mean[k], tolerance, "entry " + k);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "10,1", "1000,1", "1000,4", "1000,16", "100,255", "10000,2"})
    void varianceWithinTheBoundAndContractiveFormContracts(int d, int s) {
        float[] v = CodecFixtures.sparseGaussian(d, 0.2, 3);
        double squaredNorm = Math.pow(norm(v), 2);
        double omega = QsgdQuantizer.varianceFactor(d, s);
        int samples = Math.max(20, 200_000 / d);
        double unscaledError = meanSquaredError(new QsgdQuantizer(s, false, false), v, samples);
        double contractiveError = meanSquaredError(new QsgdQuantizer(s, true, false), v, samples);
        // sampling slack of 10% over a bound that is usually loose
        assertTrue(unscaledError <= 1.1 * omega * squaredNorm,
                () -> "E||Q(v)-v||^2 = " + unscaledError + " > min(d/s^2, sqrt(d)/s) ||v||^2 = " + omega * squaredNorm);
        double contraction = 1 - 1 / (1 + omega);
        assertTrue(contractiveError <= 1.1 * contraction * squaredNorm,
                () -> "E||Q(v)/tau-v||^2 = " + contractiveError + " > (1 - 1/tau) ||v||^2 = " + contraction * squaredNorm);
    }

    @Test
    void signSendsSignsAndTheMeanMagnitude() {
        float[] v = {2f, -1f, 0f, 3f};
        Levels levels = new SignQuantizer().quantize(v, null, TensorLayout.whole(4), null);
        assertArrayEquals(new int[] {1, -1, 0, 1}, levels.z());
        assertEquals(1.5f, levels.steps()[0]);
        Levels kept = new SignQuantizer().quantize(v, new int[] {0, 3}, TensorLayout.whole(4), null);
        assertArrayEquals(new int[] {1, 0, 0, 1}, kept.z());
        assertEquals(2.5f, kept.steps()[0]);
    }

    @Test
    void topKKeepsTheLargestMagnitudesAndRandKDistinctPositions() {
        float[] v = {0.1f, -5f, 3f, 0f, -3f, 2f};
        assertArrayEquals(new int[] {1, 2, 4}, new TopKSparsifier(0.5).select(v, null));
        assertArrayEquals(new int[] {1}, new TopKSparsifier(1e-9).select(v, null));
        int[] kept = new RandKSparsifier(0.5).select(new float[1000], new SplittableRandom(1));
        assertEquals(500, kept.length);
        for (int i = 1; i < kept.length; i++) {
            assertTrue(kept[i] > kept[i - 1]);
        }
    }

    private static double meanSquaredError(Quantizer quantizer, float[] v, int samples) {
        SplittableRandom random = new SplittableRandom(9);
        double total = 0;
        for (int n = 0; n < samples; n++) {
            float[] q = quantizer.quantize(v, null, TensorLayout.whole(v.length), random).toVector();
            for (int k = 0; k < v.length; k++) {
                double e = q[k] - (double) v[k];
                total += e * e;
            }
        }
        return total / samples;
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
