package org.malcomedge.agent.star;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.gossip.PartitionSampler;

class McmTest {

    private static final Compressor DENSE = Compressors.parse("dense");
    private static final Compressor QSGD = Compressors.parse("qsgd:2:unscaled");

    @Test
    void withLosslessCompressorsMcmIsPlainDistributedSgdStepByStep() {
        int n = 4;
        StarOfWorkers star = new StarOfWorkers(StarAlgorithm.MCM, n, DENSE, DENSE, 1);
        float[] w = StarOfWorkers.initialModel();
        PartitionSampler[] batches = new PartitionSampler[n];
        Arrays.setAll(batches, i -> StarOfWorkers.sampler(n, i));
        float[] features = new float[8 * StarOfWorkers.FEATURES];
        int[] labels = new int[8];
        float[] g = new float[w.length];
        for (int t = 1; t <= 30; t++) {
            star.round();
            float[] mean = new float[w.length];
            for (int i = 0; i < n; i++) {
                int rows = batches[i].next(features, labels);
                star.trainer.lossAndGradient(w, features, labels, rows, g);
                for (int k = 0; k < w.length; k++) {
                    mean[k] += g[k] / n;
                }
            }
            for (int k = 0; k < w.length; k++) {
                w[k] -= (float) StarOfWorkers.ETA * mean[k];
            }
            assertClose(w, star.server.model(), 1e-5, "round " + t + " central model");
        }
        star.round(); // the workers now receive w_30 and step from it
        for (McmWorker worker : star.workers) {
            assertClose(w, worker.model(), 1e-5, "worker model");
        }
    }

    @ParameterizedTest
    @CsvSource({"MCM, 1", "RAND_MCM, 0.4"})
    void theCentralModelNeverReceivesDownlinkCompressionError(StarAlgorithm algorithm, double participation) {
        int n = 5;
        StarOfWorkers star = new StarOfWorkers(algorithm, n, QSGD, QSGD, participation);
        // exact replica: plain SGD on the mean of the same decoded uplinks, with the server's h recursion
        float[] w = StarOfWorkers.initialModel();
        float[] h = new float[w.length];
        float alpha = (float) Variance.alpha(Variance.omega(QSGD, w.length));
        for (int t = 1; t <= 25; t++) {
            star.round();
            float[] sum = new float[w.length];
            for (float[] q : star.lastUplinks) {
                for (int k = 0; k < w.length; k++) {
                    sum[k] += q[k];
                }
            }
            for (int k = 0; k < w.length; k++) {
                w[k] -= (float) StarOfWorkers.ETA * (sum[k] / star.lastUplinks.size() + h[k]);
                h[k] += alpha / n * sum[k];
            }
            assertArrayEquals(w, star.server.model(), 1e-6f, "round " + t);
        }
        // ... while the workers' models do carry compression error
        assertNotEquals(0, distance(star.server.model(), star.workers.get(star.lastParticipants[0]).model()));
    }

    @Test
    void mcmUplinkWorkersHoldTheExactCentralModel() {
        StarOfWorkers star = new StarOfWorkers(StarAlgorithm.MCM_UPLINK, 3, QSGD, DENSE, 1);
        for (int t = 0; t < 10; t++) {
            float[] w = star.server.model();
            star.round();
            assertArrayEquals(w, star.workers.get(1).model(), "round " + t);
        }
    }

    @Test
    void mcmNaiveReplacesTheCentralModelByItsCompressedForm() {
        StarOfWorkers star = new StarOfWorkers(StarAlgorithm.MCM_NAIVE, 3, QSGD, QSGD, 1);
        star.round();
        float[] afterDownlink = star.workers.get(0).model();
        assertNotEquals(0, distance(afterDownlink, StarOfWorkers.initialModel()), "the downlink was compressed");
        assertArrayEquals(afterDownlink, star.workers.get(2).model(), "one broadcast");
    }

    @Test
    void alphaIsOneOverTwiceOmegaPlusOne() {
        assertEquals(0.5, Variance.alpha(Variance.omega(DENSE, 1000)));
        // d = 100, s = 4: min(100/16, 10/4) = 2.5
        assertEquals(2.5, Variance.omega(Compressors.parse("qsgd:4:unscaled+vsc"), 100), 1e-12);
        assertEquals(1 / 7.0, Variance.alpha(2.5), 1e-12);
        // d = 4, s = 4: min(4/16, 2/4) = 0.25
        assertEquals(0.25, Variance.omega(Compressors.parse("qsgd:4:unscaled"), 4), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Variance.omega(Compressors.parse("qsgd:4"), 100));
        assertThrows(IllegalArgumentException.class, () -> Variance.omega(Compressors.parse("topk:0.1"), 100));
        assertThrows(IllegalArgumentException.class, () -> Variance.omega(new org.malcomedge.agent.testing.IdentityCompressor(), 100));
        assertThrows(IllegalArgumentException.class, () -> Variance.alpha(-1));
    }

    @Test
    void randMcmParticipationIsSeededAndKeepsPerWorkerMemories() {
        Participation a = new Participation(20, 0.25, 5);
        Participation b = new Participation(20, 0.25, 5);
        boolean differs = false;
        int[] first = a.next();
        assertArrayEquals(first, b.next());
        for (int t = 0; t < 20; t++) {
            int[] x = a.next();
            assertArrayEquals(x, b.next());
            assertEquals(5, x.length);
            assertTrue(Arrays.stream(x).distinct().count() == 5 && x[0] >= 0 && x[4] < 20);
            differs |= !Arrays.equals(x, first);
        }
        assertTrue(differs, "participants change between rounds");
        assertEquals(20, new Participation(20, 1, 5).next().length);

        StarOfWorkers one = new StarOfWorkers(StarAlgorithm.RAND_MCM, 6, QSGD, QSGD, 0.5);
        StarOfWorkers two = new StarOfWorkers(StarAlgorithm.RAND_MCM, 6, QSGD, QSGD, 0.5);
        for (int t = 0; t < 10; t++) {
            one.round();
            two.round();
            assertArrayEquals(one.lastParticipants, two.lastParticipants);
            assertEquals(3, one.lastParticipants.length);
        }
        assertArrayEquals(one.server.model(), two.server.model());
    }

    @Test
    void randMcmSendsEachParticipantItsOwnMessage() {
        McmServer server = new McmServer(StarAlgorithm.RAND_MCM, StarOfWorkers.initialModel(), 4, QSGD, QSGD, 0.1, 0.1, 0.1);
        server.aggregate(java.util.List.of(QSGD.compress(StarOfWorkers.initialModel(), new java.util.SplittableRandom(1))));
        McmServer.Downlink downlink = server.downlink(new int[] {0, 2, 3}, new java.util.SplittableRandom(2));
        assertEquals(3, downlink.payloads().length);
        assertEquals(8L * Arrays.stream(downlink.payloads()).mapToLong(p -> p.length).sum(), downlink.publishedBits());
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return sum;
    }

    private static void assertClose(float[] expected, float[] actual, double relative, String what) {
        for (int k = 0; k < expected.length; k++) {
            double tolerance = relative * Math.max(1, Math.abs(expected[k]));
            assertEquals(expected[k], actual[k], tolerance, what + " [" + k + "]");
        }
    }
}
