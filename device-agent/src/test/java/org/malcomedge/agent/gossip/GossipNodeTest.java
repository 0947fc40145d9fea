package org.malcomedge.agent.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.testing.IdentityCompressor;
import org.malcomedge.agent.testing.TopKCompressor;
import org.malcomedge.agent.train.Optimizer;
import org.malcomedge.wire.ResidualFrame;

class GossipNodeTest {

    private static final Compressor IDENTITY = new IdentityCompressor();

    @Test
    void chocoWithIdentityCompressorAndGammaOneIsDpsgd() {
        RingOfNodes dpsgd = new RingOfNodes(5, IDENTITY, GossipParameters.of(Algorithm.DPSGD, 0.1, 1, 0),
                RingOfNodes::sameStart);
        RingOfNodes choco = new RingOfNodes(5, IDENTITY, GossipParameters.of(Algorithm.CHOCO, 0.1, 1, 0),
                RingOfNodes::sameStart);
        for (int t = 1; t <= 30; t++) {
            dpsgd.round(t);
            choco.round(t);
        }
        for (int i = 0; i < 5; i++) {
            // Same iterates up to float32 rounding: CHOCO's xhat_i + (x_half - xhat_i) is x_half rounded.
            assertArrayEquals(dpsgd.nodes.get(i).model(), choco.nodes.get(i).model(), 1e-4f);
        }
        assertTrue(dpsgd.consensusDistance() > 0);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void pureGossipReachesConsensus(Algorithm algorithm) {
        // Different starting models; estimates start at 0 so they are consistent across nodes.
        // CHOCO and MALCOM get a contractive lossy compressor (top 30%), D-PSGD the identity.
        Compressor compressor = algorithm == Algorithm.DPSGD ? IDENTITY : new TopKCompressor(0.3);
        GossipParameters p = GossipParameters.of(algorithm, 0, 0.4, 0.5).withInitialEstimate(InitialEstimate.ZERO);
        RingOfNodes ring = new RingOfNodes(6, compressor, p, i -> RingOfNodes.randomModel(i));
        double[] mean = average(ring);
        double start = ring.consensusDistance();
        for (int t = 1; t <= 400; t++) {
            ring.round(t);
        }
        assertTrue(ring.consensusDistance() < 1e-8 * start, algorithm + ": " + ring.consensusDistance() + " from " + start);
        assertArrayEquals(mean, average(ring), 1e-4); // gossip preserves the average
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"CHOCO", "MALCOM"})
    void autoGammaDiffersByNodeYetGossipKeepsTheAverage(Algorithm algorithm) {
        // Each node measures its own delta, so the gamma_i differ; edges mix with min(gamma_i, gamma_j),
        // which keeps W symmetric: each using its own gamma_i would move the average.
        GossipParameters p = GossipParameters.of(algorithm, 0, 1, 0).withInitialEstimate(InitialEstimate.ZERO)
                .withAutoGamma(1);
        RingOfNodes ring = new RingOfNodes(6, new TopKCompressor(0.2), p, i -> RingOfNodes.randomModel(i));
        double[] mean = average(ring);
        double start = ring.consensusDistance();
        ring.round(1);
        double[] gammas = ring.nodes.stream().mapToDouble(n -> n.stats().gamma()).toArray();
        double spread = java.util.Arrays.stream(gammas).max().getAsDouble() - java.util.Arrays.stream(gammas).min().getAsDouble();
        assertTrue(spread > 0.05, "the nodes' steps differ: " + java.util.Arrays.toString(gammas));
        assertTrue(gammas[0] < 1, "auto sets gamma below the ceiling: " + gammas[0]);
        for (int t = 2; t <= 600; t++) {
            ring.round(t);
        }
        assertTrue(ring.consensusDistance() < 1e-6 * start, algorithm + ": " + ring.consensusDistance() + " from " + start);
        assertArrayEquals(mean, average(ring), 1e-4);
    }

    @Test
    void aFrameAnnouncesTheAutoStepAndAFixedOneSendsNone() {
        GossipParameters fixed = GossipParameters.of(Algorithm.CHOCO, 0.1, 0.3, 0);
        RingOfNodes plain = new RingOfNodes(3, new TopKCompressor(0.5), fixed, RingOfNodes::sameStart);
        assertEquals(0f, plain.nodes.get(0).prepare(1, plain.trainer).getGamma());
        RingOfNodes auto = new RingOfNodes(3, new TopKCompressor(0.5), fixed.withAutoGamma(1), RingOfNodes::sameStart);
        ResidualFrame frame = auto.nodes.get(0).prepare(1, auto.trainer);
        assertTrue(frame.getGamma() > 0 && frame.getGamma() <= 0.3f, "announced " + frame.getGamma());
        assertEquals(frame.getGamma(), (float) auto.nodes.get(0).stats().gamma());
    }

    @Test
    void aResumedNodeKeepsTheStepItHadLowered() {
        GossipParameters p = GossipParameters.of(Algorithm.CHOCO, 0.1, 1, 0).withAutoGamma(1);
        RingOfNodes ring = new RingOfNodes(3, new TopKCompressor(0.2), p, RingOfNodes::sameStart);
        for (int t = 1; t <= 5; t++) {
            ring.round(t);
        }
        GossipNode before = ring.nodes.get(1);
        NodeSnapshot snapshot = before.snapshot();
        assertEquals(before.stats().gamma(), snapshot.gamma());
        GossipNode restarted = new RingOfNodes(3, new TopKCompressor(0.2), p, RingOfNodes::sameStart).nodes.get(1);
        assertEquals(1, restarted.stats().gamma(), "a fresh node starts at the ceiling");
        restarted.resume(snapshot);
        assertEquals(snapshot.gamma(), restarted.stats().gamma());
    }

    private static double[] average(RingOfNodes ring) {
        double[] mean = new double[ring.nodes.get(0).dimension()];
        for (GossipNode node : ring.nodes) {
            float[] x = node.model();
            for (int k = 0; k < mean.length; k++) {
                mean[k] += x[k] / ring.nodes.size();
            }
        }
        return mean;
    }

    @Test
    void malcomProxProducesExactZeros() {
        RingOfNodes ring = new RingOfNodes(4, new TopKCompressor(0.5), GossipParameters.of(Algorithm.MALCOM, 0.1, 0.5, 10),
                RingOfNodes::sameStart);
        ring.round(1);
        for (GossipNode node : ring.nodes) {
            assertTrue(node.sparsity() > 0.3, "sparsity " + node.sparsity());
        }
        float[] v = {3f, -0.5f, 0.2f, -2f, 0f};
        Optimizer.prox(v, 0.5f);
        assertArrayEquals(new float[] {2.5f, 0f, 0f, -1.5f, 0f}, v);
        assertEquals(0, Float.floatToRawIntBits(v[1]) & 0x7fffffff);
    }

    /** A sender and two receivers of it: A gets every frame on time, B late or not at all. */
    private static final class Pair {
        final RingOfNodes ring = new RingOfNodes(3, new TopKCompressor(0.4),
                GossipParameters.of(Algorithm.CHOCO, 0.1, 0.5, 0).withGapWindow(2), RingOfNodes::sameStart);
        final GossipNode sender = ring.nodes.get(0);
        final GossipNode a = ring.nodes.get(1);
        final GossipNode b = ring.nodes.get(2);

        ResidualFrame publish(int t) {
            return sender.prepare(t, ring.trainer);
        }
    }

    @Test
    void lateFramesGiveTheSameEstimatesAsOnTimeOnes() {
        Pair pair = new Pair();
        ResidualFrame f1 = pair.publish(1);
        ResidualFrame f2 = pair.publish(2);
        ResidualFrame f3 = pair.publish(3);
        ResidualFrame f4 = pair.publish(4);
        List.of(f1, f2, f3, f4).forEach(pair.a::receive);
        // B: f2 arrives a round late but in order -> bit-for-bit the same estimate
        pair.b.receive(f1);
        pair.b.finishRound(1);
        pair.b.receive(f2);
        pair.b.receive(f3);
        pair.b.receive(f4);
        assertArrayEquals(pair.a.estimateOf("n0"), pair.b.estimateOf("n0"));
        assertArrayEquals(pair.sender.estimateOf("n0"), pair.a.estimateOf("n0"));
    }

    @Test
    void outOfOrderFramesAgreeUpToRoundingAndDuplicatesAreIgnored() {
        Pair pair = new Pair();
        ResidualFrame f1 = pair.publish(1);
        ResidualFrame f2 = pair.publish(2);
        ResidualFrame f3 = pair.publish(3);
        List.of(f1, f2, f3).forEach(pair.a::receive);
        List.of(f3, f1, f3, f2, f1).forEach(pair.b::receive);
        assertArrayEquals(pair.a.estimateOf("n0"), pair.b.estimateOf("n0"), 1e-6f);
        assertTrue(pair.b.takeKeyframeRequests().isEmpty());
    }

    @Test
    void gapPastTheWindowAsksForAKeyframeThatRestoresEquality() {
        Pair pair = new Pair();
        pair.b.receive(pair.publish(1));
        pair.b.finishRound(1);
        pair.publish(2); // lost on its way to B
        pair.b.finishRound(2);
        pair.b.receive(pair.publish(3)); // B notices the gap after its round 2
        pair.b.finishRound(3);
        assertTrue(pair.b.takeKeyframeRequests().isEmpty(), "within the window");
        pair.b.receive(pair.publish(4));
        pair.b.finishRound(4);
        assertEquals(List.of("n0"), pair.b.takeKeyframeRequests());
        pair.b.receive(pair.publish(5));
        pair.b.finishRound(5);
        assertTrue(pair.b.takeKeyframeRequests().isEmpty(), "asked once per window");

        ResidualFrame keyframe = pair.sender.keyframe();
        ResidualFrame f6 = pair.publish(6);
        pair.b.receive(f6); // a newer frame overtakes the keyframe: still exact
        pair.b.receive(keyframe);
        assertEquals(1, pair.b.stats().repairs());
        assertArrayEquals(pair.sender.estimateOf("n0"), pair.b.estimateOf("n0"));
        pair.b.finishRound(6);
        pair.b.finishRound(9);
        assertTrue(pair.b.takeKeyframeRequests().isEmpty());
    }

    @Test
    void aRestartedNeighbourIsRepairedByItsKeyframe() {
        Pair pair = new Pair();
        pair.b.receive(pair.publish(1));
        GossipNode reborn = new GossipNode("n0", "test", 1, pair.sender.model(),
                Map.of("n1", 1.0 / 3, "n2", 1.0 / 3), new TopKCompressor(0.4),
                GossipParameters.of(Algorithm.CHOCO, 0.1, 0.5, 0), sampler(), new SplittableRandom(9));
        pair.b.receive(reborn.prepare(2, pair.ring.trainer));
        assertNull(pair.b.estimateOf("n0"), "a new epoch invalidates the old estimate");
        pair.b.finishRound(2);
        assertEquals(List.of("n0"), pair.b.takeKeyframeRequests());
        pair.b.receive(reborn.keyframe());
        assertArrayEquals(reborn.estimateOf("n0"), pair.b.estimateOf("n0"));
    }

    @Test
    void newNeighboursStartUnsyncedAndAskForAKeyframe() {
        Pair pair = new Pair();
        pair.publish(1);
        pair.b.setNeighbours(Map.of("n0", 0.25, "n1", 0.25, "n3", 0.25));
        assertEquals(List.of("n3"), pair.b.takeKeyframeRequests());
        assertNull(pair.b.estimateOf("n3"));
        assertNotNull(pair.b.estimateOf("n0"));
    }

    @Test
    void corruptFramesAreDroppedNotApplied() {
        Pair pair = new Pair();
        ResidualFrame frame = pair.publish(1);
        float[] before = pair.b.estimateOf("n0");
        pair.b.receive(frame.toBuilder().setPayload(ByteString.copyFrom(new byte[] {1, 2, 3})).build());
        pair.b.receive(frame.toBuilder().setDimension(7).build());
        pair.b.receive(frame.toBuilder().setSender("stranger").build());
        assertArrayEquals(before, pair.b.estimateOf("n0"));
        assertEquals(3, pair.b.stats().droppedFrames());
        pair.b.receive(frame);
        assertArrayEquals(pair.sender.estimateOf("n0"), pair.b.estimateOf("n0"));
    }

    private static PartitionSampler sampler() {
        return new PartitionSampler(RingOfNodes.DATA, new int[] {0, 1, 2}, 2, new SplittableRandom(1));
    }
}
