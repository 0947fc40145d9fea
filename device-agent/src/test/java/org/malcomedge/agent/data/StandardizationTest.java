package org.malcomedge.agent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StandardizationTest {

    /** Raw-scale counts: feature j is an integer in 0..(j+1)*40, feature 3 constant, feature 4 rarely non-zero. */
    static Dataset counts(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int f = 6;
        float[] x = new float[rows * f];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = random.nextInt(4);
            for (int j = 0; j < f; j++) {
                x[r * f + j] = switch (j) {
                    case 3 -> 7;
                    case 4 -> random.nextInt(500) == 0 ? 255 : 0;
                    default -> random.nextInt((j + 1) * 40 + 1) + 10 * y[r];
                };
            }
        }
        return new Dataset("counts", x, y, rows, f, 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iid", "dirichlet:0.5", "shards:2"})
    void momentsOfTheNodesSharesGiveThePooledMeanAndVariance(String split) {
        Dataset data = counts(3000, 1);
        int[][] shares = Splits.parse(split).assign(data.y(), data.classes(), 8, 3);
        FeatureMoments fromShares = FeatureMoments.ofShares(data, shares);
        int[] all = java.util.Arrays.stream(shares).flatMapToInt(java.util.Arrays::stream).toArray();
        Dataset pooled = Subsets.rows(data, "pooled", all);
        for (int j = 0; j < data.features(); j++) {
            double mean = 0;
            for (int r = 0; r < pooled.rows(); r++) {
                mean += pooled.x()[r * data.features() + j];
            }
            mean /= pooled.rows();
            double variance = 0;
            for (int r = 0; r < pooled.rows(); r++) {
                double d = pooled.x()[r * data.features() + j] - mean;
                variance += d * d;
            }
            variance /= pooled.rows();
            assertEquals(mean, fromShares.mean()[j], 1e-6 * Math.max(1, Math.abs(mean)), "mean of feature " + j);
            assertEquals(variance, fromShares.variance()[j], 1e-6 * Math.max(1, variance), "variance of feature " + j);
        }
        assertEquals(pooled.rows(), fromShares.count());
    }

    @Test
    void digitsSharesToo() {
        Dataset train = Datasets.load("digits", Optional.empty(), Path.of(".")).train();
        int[][] shares = Splits.parse("dirichlet:0.5").assign(train.y(), train.classes(), 5, 9);
        FeatureMoments fromShares = FeatureMoments.ofShares(train, shares);
        FeatureMoments pooled = FeatureMoments.of(train);
        for (int j = 0; j < train.features(); j++) {
            assertEquals(pooled.mean()[j], fromShares.mean()[j], 1e-6);
            assertEquals(pooled.variance()[j], fromShares.variance()[j], 1e-6);
        }
    }

    @Test
    void standardizedFeaturesHaveMeanZeroAndUnitVarianceAndAConstantColumnBecomesZero() {
        Dataset data = counts(4000, 2);
        Standardization s = Standardization.of(FeatureMoments.of(data));
        FeatureMoments after = FeatureMoments.of(s.apply(data));
        for (int j : new int[] {0, 1, 2, 5}) {
            assertEquals(0, after.mean()[j], 1e-4, "mean of feature " + j);
            assertEquals(1, after.variance()[j], 1e-3, "variance of feature " + j);
        }
        assertEquals(0, after.mean()[3], 0, "a constant column is centred to 0");
        assertEquals(0, after.variance()[3], 0);
        assertTrue(s.scale()[3] > 0, "and divided by the floor, not by zero");
    }

    @Test
    void aNearlyConstantFeatureIsScaledByTheFloorNotByItsTinyDeviation() {
        float[] x = new float[1000 * 2];
        for (int r = 0; r < 1000; r++) {
            x[2 * r] = r % 2 == 0 ? 0 : 100; // sd 50
            x[2 * r + 1] = r == 0 ? 1 : 0;   // sd ~0.03
        }
        Dataset data = new Dataset("rare", x, new int[1000], 1000, 2, 2);
        Standardization s = Standardization.of(FeatureMoments.of(data));
        double rms = Math.sqrt((50.0 * 50 + 0.999 / 1000) / 2);
        assertEquals(50, s.scale()[0], 1e-3);
        assertEquals(Standardization.FLOOR * rms, s.scale()[1], 1e-4);
    }

    @Test
    void badStatisticsAndMismatchedFeaturesAreRejectedByName() {
        assertThrows(IllegalArgumentException.class, () -> new Standardization(new float[] {0}, new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Standardization(new float[] {Float.NaN}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Standardization(new float[] {0, 1}, new float[] {1}));
        Standardization s = new Standardization(new float[] {0, 0}, new float[] {1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(counts(10, 1)));
        assertTrue(e.getMessage().contains("6 features"), e.getMessage());
    }

    @Test
    void featureScalingSpecsParseAndABadOneNamesTheField() {
        assertEquals(FeatureScaling.STANDARD, FeatureScaling.parse("standard", "--features"));
        assertEquals(FeatureScaling.RAW, FeatureScaling.parse(" raw", "--features"));
        var e = assertThrows(org.malcomedge.agent.InputException.class, () -> FeatureScaling.parse("minmax", "--features"));
        assertEquals("--features: 'minmax' is not standard or raw", e.getMessage());
    }
}
