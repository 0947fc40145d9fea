package org.malcomedge.agent.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.malcomedge.agent.gossip.QuadraticRing.A;
import static org.malcomedge.agent.gossip.QuadraticRing.C;
import static org.malcomedge.agent.gossip.QuadraticRing.D;
import static org.malcomedge.agent.gossip.QuadraticRing.ETA;
import static org.malcomedge.agent.gossip.QuadraticRing.N;
import static org.malcomedge.agent.gossip.QuadraticRing.TRAINER;
import static org.malcomedge.agent.gossip.QuadraticRing.deliver;
import static org.malcomedge.agent.gossip.QuadraticRing.distance;
import static org.malcomedge.agent.gossip.QuadraticRing.optimum;
import static org.malcomedge.agent.gossip.QuadraticRing.ring;
import static org.malcomedge.agent.gossip.QuadraticRing.round;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.testing.IdentityCompressor;
import org.malcomedge.wire.ResidualFrame;

/**
 * BEER's gradient tracking on the {@link QuadraticRing}: tracking reaches the global optimum
 * {@code x* = sum a_i c_i / sum a_i}, which D-PSGD with a constant step misses.
 */
class GradientTrackingTest {

    @Test
    void withTheIdentityAndGammaOneItIsExactGradientTrackingAndReachesTheOptimumWhereDpsgdStalls() {
        List<GossipNode> beer = ring(Algorithm.BEER, new IdentityCompressor(), 1);
        List<GossipNode> dpsgd = ring(Algorithm.DPSGD, new IdentityCompressor(), 1);
        // Exact gradient tracking, X_{t+1} = W X_t - eta V_t, V_{t+1} = W V_t + grad(X_{t+1}) - grad(X_t),
        // started as the node starts it: x_1 = x_0 - eta grad f_i(x_0), v_1 = grad f_i(x_1).
        double[][] x = new double[N][D];
        double[][] v = new double[N][D];
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < D; k++) {
                x[i][k] = -ETA * A[i] * (0 - C[i][k]);
                v[i][k] = A[i] * (x[i][k] - C[i][k]);
            }
        }
        for (int t = 1; t <= 600; t++) {
            round(beer, t, "", "");
            round(dpsgd, t, "", "");
            double[][] next = new double[N][D];
            double[][] nextV = new double[N][D];
            for (int i = 0; i < N; i++) {
                for (int k = 0; k < D; k++) {
                    double mixedX = (x[i][k] + x[(i + 1) % N][k] + x[(i + N - 1) % N][k]) / 3;
                    double mixedV = (v[i][k] + v[(i + 1) % N][k] + v[(i + N - 1) % N][k]) / 3;
                    next[i][k] = mixedX - ETA * v[i][k];
                    nextV[i][k] = mixedV + A[i] * (next[i][k] - C[i][k]) - A[i] * (x[i][k] - C[i][k]);
                }
            }
            x = next;
            v = nextV;
            for (int i = 0; i < N; i++) {
                float[] model = beer.get(i).model();
                for (int k = 0; k < D; k++) {
                    assertEquals(x[i][k], model[k], 1e-4 * (1 + Math.abs(x[i][k])), "n" + i + " round " + t);
                }
            }
        }
        double[] optimum = optimum();
        for (int i = 0; i < N; i++) {
            assertTrue(distance(beer.get(i).model(), optimum) < 1e-4, "tracking reaches x*: " + distance(beer.get(i).model(), optimum));
            assertTrue(distance(dpsgd.get(i).model(), optimum) > 0.03, "D-PSGD stalls off x*: " + distance(dpsgd.get(i).model(), optimum));
        }
    }

    /**
     * The average of v is the average gradient as long as every node mixes exactly the estimates
     * their owners hold. A lost frame breaks that by the mixing the receiver missed: the keyframe
     * resynchronizes the estimates but cannot refund the deficit, which stays in v (a small bias).
     */
    @Test
    void theTrackersAverageIsTheAverageGradientEveryRoundUnderCompressionAndALossOnlyBiasesIt() {
        List<GossipNode> nodes = ring(Algorithm.BEER, Compressors.parse("qsgd:4"), 0.4);
        double[] deficit = new double[D];
        for (int t = 1; t <= 600; t++) {
            List<ResidualFrame> frames = new ArrayList<>();
            for (GossipNode node : nodes) {
                frames.add(node.prepare(t, TRAINER));
            }
            double[] meanTracker = new double[D];
            double[] meanGradient = new double[D];
            for (int i = 0; i < N; i++) {
                float[] tracker = nodes.get(i).tracker();
                float[] model = nodes.get(i).model();
                for (int k = 0; k < D; k++) {
                    meanTracker[k] += tracker[k] / N;
                    meanGradient[k] += A[i] * (model[k] - C[i][k]) / N;
                }
            }
            if (t <= 40) {
                assertArrayEquals(meanGradient, meanTracker, 1e-4, "round " + t);
            } else {
                for (int k = 0; k < D; k++) {
                    deficit[k] = meanTracker[k] - meanGradient[k];
                }
            }
            deliver(nodes, frames, t == 40 ? "n1" : "", "n2"); // n2 loses n1's frame of round 40
            for (GossipNode node : nodes) {
                node.finishRound(t);
            }
            for (GossipNode node : nodes) {
                for (String neighbour : node.takeKeyframeRequests()) {
                    node.receive(nodes.get(Integer.parseInt(neighbour.substring(1))).keyframe());
                }
            }
        }
        assertTrue(distance(new float[D], deficit) > 0, "the loss of round 40 left a deficit in v");
        double[] optimum = optimum();
        for (GossipNode node : nodes) {
            assertTrue(distance(node.model(), optimum) < 0.1, node.id() + " near x*: " + distance(node.model(), optimum)
                    + " (deficit " + java.util.Arrays.toString(deficit) + ")");
        }
    }

    @Test
    void aResumedNodeGoesOnExactlyAsTheUninterruptedOne() {
        List<GossipNode> nodes = ring(Algorithm.MALCOM_BEER, Compressors.parse("qsgd:8"), 0.5);
        for (int t = 1; t <= 10; t++) {
            round(nodes, t, "", "");
        }
        NodeSnapshot snapshot = nodes.get(0).snapshot();
        assertTrue(snapshot.tracking() && snapshot.tracker().length == 2 * D, "v and the last gradient are saved");
        GossipNode twin = ring(Algorithm.MALCOM_BEER, Compressors.parse("qsgd:8"), 0.5).get(0);
        twin.resume(snapshot);
        assertArrayEquals(nodes.get(0).model(), twin.model());
        assertArrayEquals(nodes.get(0).tracker(), twin.tracker());
        assertArrayEquals(snapshot.estimate(), twin.snapshot().estimate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ring(Algorithm.CHOCO, Compressors.parse("qsgd:8"), 0.5).get(0).resume(snapshot));
        assertTrue(e.getMessage().contains("gradient tracking"), e.getMessage());
    }

    @Test
    void aTrackingFrameCarriesBothResidualsAndAFrameWithoutTheTrackerIsDropped() {
        List<GossipNode> nodes = ring(Algorithm.BEER, Compressors.parse("qsgd:4"), 0.5);
        ResidualFrame frame = nodes.get(1).prepare(1, TRAINER);
        assertTrue(!frame.getTracker().isEmpty() && frame.getTrackerCrc32C() != 0);
        assertEquals(8L * (frame.getPayload().size() + frame.getTracker().size()), nodes.get(1).stats().payloadBits(),
                "both residuals are payload");
        GossipNode receiver = nodes.get(0);
        receiver.receive(frame.toBuilder().clearTracker().clearTrackerCrc32C().build());
        receiver.receive(frame.toBuilder().setTrackerCrc32C(frame.getTrackerCrc32C() ^ 1).build());
        assertEquals(2, receiver.stats().droppedFrames());
        receiver.receive(frame);
        assertEquals(2, receiver.stats().droppedFrames());
        ResidualFrame keyframe = nodes.get(1).keyframe();
        assertEquals(4L * D, keyframe.getTracker().size(), "g_i, float32");
        assertNull(ring(Algorithm.CHOCO, Compressors.parse("qsgd:4"), 0.5).get(1).prepare(1, TRAINER).getTracker().isEmpty()
                ? null : "a tracker in a CHOCO frame");
    }
}
