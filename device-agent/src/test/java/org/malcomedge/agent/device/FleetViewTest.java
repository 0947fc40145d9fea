package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.gossip.NodeFactory;
import org.malcomedge.agent.testing.Blobs;
import org.malcomedge.agent.testing.IdentityCompressor;
import org.malcomedge.agent.testing.SoftmaxTrainer;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.ResidualFrame;

/** The agent's view of its fleet without a broker: early frames, the barrier, departures, silence. */
class FleetViewTest {

    private static final Dataset DATA = Blobs.of("blobs", 60, 4, 3, 1);
    private static final List<String> NEIGHBOURS = List.of("n1", "n2");

    private final ManualClock clock = new ManualClock();
    private final SoftmaxTrainer trainer = new SoftmaxTrainer(4, 3);
    private final NodeFactory factory = new NodeFactory("e", GossipParameters.of(Algorithm.CHOCO, 0.1, 0.5, 0),
            new IdentityCompressor(), DATA, new int[][] {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}},
            new float[15], 2, 7);
    private final GossipNode self = factory.node(0, "n0", 0, Map.of("n1", 1.0 / 3, "n2", 1.0 / 3));
    private final GossipNode n1 = factory.node(1, "n1", 0, Map.of("n0", 1.0 / 3));
    private final FleetView view = new FleetView("n0", "e", clock);

    private void state(String node, NodeState.Status status, int round) {
        view.onState(Topics.state("e", node), NodeState.newBuilder().setExperiment("e").setNode(node)
                .setStatus(status).setRound(round).build().toByteArray());
    }

    @Test
    void framesOfALaterRoundWaitUntilTheNodeGetsThere() {
        view.attach(self, 1, LinkModel.perfect());
        view.onFrame(n1.prepare(1, trainer));
        float[] afterRound1 = n1.estimateOf("n1");
        assertArrayEquals(afterRound1, self.estimateOf("n1"), "a frame of the current round applies at once");
        n1.finishRound(1);
        view.onFrame(n1.prepare(2, trainer));
        assertArrayEquals(afterRound1, self.estimateOf("n1"), "round 2 waits for the node's round 1 to end");
        view.enter(2);
        assertArrayEquals(n1.estimateOf("n1"), self.estimateOf("n1"));
    }

    @Test
    void theBarrierWaitsForLiveNeighboursOnlyUntilTheDeadline() throws Exception {
        view.attach(self, 1, LinkModel.perfect());
        view.onFrame(n1.prepare(1, trainer));
        assertEquals(Set.of("n2"), view.awaitNeighbours(1, NEIGHBOURS, clock.instant()));

        Thread advance = new Thread(() -> {
            sleep(150);
            clock.advance(Duration.ofSeconds(2));
        });
        advance.start();
        Instant deadline = clock.instant().plusSeconds(1);
        assertEquals(Set.of("n2"), view.awaitNeighbours(1, NEIGHBOURS, deadline), "times out on the injected clock");
        advance.join();

        state("n2", NodeState.Status.LEAVE, 3);
        assertEquals(Set.of("n2"), view.awaitNeighbours(1, NEIGHBOURS, clock.instant()),
                "n2 left after round 3: its frame of round 1 is on the way");
        assertEquals(Set.of("n0", "n1", "n2"), view.alive(List.of("n0", "n1", "n2"), 3));
        state("n2", NodeState.Status.DEATH, 0);
        assertEquals(Set.of(), view.awaitNeighbours(1, NEIGHBOURS, clock.instant()), "a dead neighbour is not waited for");
        assertEquals(Set.of("n0", "n1"), view.alive(List.of("n0", "n1", "n2"), 3));
    }

    @Test
    void aSilentNeighbourIsLeftOutUntilHeardAgain() {
        view.attach(self, 1, LinkModel.perfect());
        view.expectFrom(NEIGHBOURS, 0);
        view.onFrame(n1.prepare(1, trainer));
        view.noteSilence(3, List.of("n1"), 3);
        assertEquals(Set.of("n0", "n1", "n2"), view.alive(List.of("n0", "n1", "n2"), 4));
        view.noteSilence(4, List.of("n1"), 3);
        assertEquals(Set.of("n0", "n2"), view.alive(List.of("n0", "n1", "n2"), 5));
        n1.finishRound(1);
        view.onFrame(n1.prepare(2, trainer));
        assertEquals(Set.of("n0", "n1", "n2"), view.alive(List.of("n0", "n1", "n2"), 5));
    }

    @Test
    void injectedLossDropsResidualsButNeverKeyframes() throws InterruptedException {
        view.attach(self, 1, LinkModel.lossy(1, 0));
        float[] before = self.estimateOf("n1");
        view.onFrame(n1.prepare(1, trainer));
        assertArrayEquals(before, self.estimateOf("n1"));
        assertEquals(Set.of("n2"), view.awaitNeighbours(1, NEIGHBOURS, clock.instant()), "yet the barrier saw it");
        ResidualFrame keyframe = n1.keyframe();
        view.onFrame(keyframe);
        assertArrayEquals(n1.estimateOf("n1"), self.estimateOf("n1"));
        assertEquals(1, view.takeInjectedDrops());
        assertEquals(0, view.takeInjectedDrops());
    }

    @Test
    void plansOfOthersAreIgnored() {
        view.onPlan(Topics.plan("e"), TestFleet.ring("e", 2, 3).build().toByteArray());
        view.onPlan(Topics.plan("e"), new byte[] {1, 2, 3});
        view.askToLeave();
        assertNull(assertDoesNotBlock());
    }

    private FleetView.ReceivedPlan assertDoesNotBlock() {
        try {
            return view.awaitPlan();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
