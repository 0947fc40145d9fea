package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
import org.malcomedge.agent.testing.ManualClock;
import org.malcomedge.agent.testing.SoftmaxTrainer;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.link.FleetLink;
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
    private final FleetView view = new FleetView("n0", "e", clock, () -> { });

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
        assertEquals(Set.of("n2"), view.awaitNeighbours(1, NEIGHBOURS, Duration.ZERO));

        Thread advance = new Thread(() -> {
            sleep(150);
            clock.advance(Duration.ofSeconds(2));
        });
        advance.start();
        assertEquals(Set.of("n2"), view.awaitNeighbours(1, NEIGHBOURS, Duration.ofSeconds(1)),
                "times out on the injected clock");
        advance.join();

        state("n2", NodeState.Status.DEATH, 0);
        assertEquals(Set.of("n2"), view.awaitNeighbours(1, NEIGHBOURS, Duration.ZERO),
                "a DEATH may be the broker going down: it settles first");
        clock.advance(FleetView.DEATH_SETTLE);
        assertEquals(Set.of(), view.awaitNeighbours(1, NEIGHBOURS, Duration.ZERO), "a dead neighbour is not waited for");
        assertEquals(Set.of("n0", "n1"), view.alive(List.of("n0", "n1", "n2"), 3));
    }

    @Test
    void aNeighbourThatLeftIsNotWaitedForAndItsWillDoesNotMakeItDead() throws Exception {
        view.attach(self, 1, LinkModel.perfect());
        view.onFrame(n1.prepare(1, trainer));
        state("n2", NodeState.Status.LEAVE, 3);
        assertEquals(Set.of(), view.awaitNeighbours(1, NEIGHBOURS, Duration.ZERO),
                "n2 left after round 3 and its frame of round 1 never came: it went by before its LEAVE");
        assertEquals(Set.of("n0", "n1", "n2"), view.alive(List.of("n0", "n1", "n2"), 3),
                "a node that finished early still counts in its last rounds");
        state("n2", NodeState.Status.DEATH, 0); // its DISCONNECT was lost: the broker sent the will of epoch 0
        clock.advance(FleetView.DEATH_SETTLE);
        assertEquals(Set.of("n0", "n1", "n2"), view.alive(List.of("n0", "n1", "n2"), 3), "still left, not dead");
        assertEquals(Set.of("n0", "n1"), view.alive(List.of("n0", "n1", "n2"), 4), "gone after its last round");
        assertFalse(view.stranded(2, NEIGHBOURS, 3), "n1 is still there");
        state("n1", NodeState.Status.LEAVE, 3);
        assertFalse(view.stranded(1, NEIGHBOURS, 3), "n1's frame of round 1 came: round 1 still has it");
        assertTrue(view.stranded(2, NEIGHBOURS, 3), "from round 2 on, nobody sends this node anything");
        assertFalse(view.stranded(2, NEIGHBOURS, 30), "neighbours that left before the last round may come back");
    }

    @Test
    void aRestartedNodeWhoseNeighboursFinishedIsStrandedAtOnce() {
        view.attach(self, 11, LinkModel.perfect());
        view.expectFrom(NEIGHBOURS, 10); // resumed from its checkpoint of round 10
        state("n1", NodeState.Status.LEAVE, 30);
        assertFalse(view.stranded(11, NEIGHBOURS, 30), "n2 has not said it left");
        state("n2", NodeState.Status.LEAVE, 30);
        assertTrue(view.stranded(11, NEIGHBOURS, 30), "both finished the run while this node was away");
        state("n2", NodeState.Status.BIRTH, 1); // n2 restarted too
        assertFalse(view.stranded(11, NEIGHBOURS, 30));
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
    void aBrokerOutageOfThisNodeIsNobodysDropout() throws Exception {
        view.attach(self, 1, LinkModel.perfect());
        view.expectFrom(NEIGHBOURS, 0);
        FleetLink.ConnectionListener link = view.outages(3);
        state("n1", NodeState.Status.DEATH, 0); // a broker going down sends the wills of those it dropped first
        link.connectionLost();
        clock.advance(FleetView.DEATH_SETTLE);
        assertEquals(Set.of("n0", "n1", "n2"), view.alive(List.of("n0", "n1", "n2"), 1), "offline, no DEATH counts");
        state("n1", NodeState.Status.BIRTH, 0);
        java.util.concurrent.CompletableFuture<Set<String>> barrier = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> awaitNeighbours(1, Duration.ofSeconds(1)));
        sleep(150);
        clock.advance(Duration.ofSeconds(5));
        sleep(150);
        assertFalse(barrier.isDone(), "offline, the barrier waits whatever the time");
        link.reconnected();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Set.of("n1", "n2"), barrier.get(), "the timeout ran again from the reconnect");

        state("n2", NodeState.Status.DEATH, 0); // the will the restarting broker published
        for (int t = 1; t <= 2; t++) {
            view.noteSilence(t, NEIGHBOURS, 3);
            view.enter(t + 1);
        }
        assertEquals(Set.of("n0", "n1", "n2"), view.alive(List.of("n0", "n1", "n2"), 3),
                "within the grace after the reconnect (rounds 1-3), neither silence nor a DEATH removes anyone");
        for (int t = 3; t <= 4; t++) {
            view.noteSilence(t, NEIGHBOURS, 3);
            view.enter(t + 1);
        }
        clock.advance(FleetView.DEATH_SETTLE);
        assertEquals(Set.of("n0"), view.alive(List.of("n0", "n1", "n2"), 5),
                "after the grace, silence since the reconnect counts (n1), and so does the DEATH (n2)");
        state("n2", NodeState.Status.BIRTH, 0); // n2 is back in the same epoch
        assertEquals(Set.of("n0", "n2"), view.alive(List.of("n0", "n1", "n2"), 5), "re-admitted by its BIRTH");
        state("n2", NodeState.Status.DEATH, 0);
        clock.advance(FleetView.DEATH_SETTLE);
        assertEquals(Set.of("n0"), view.alive(List.of("n0", "n1", "n2"), 5), "a DEATH counts again");
    }

    @Test
    void emptyRetainedMessagesClearNothing() throws Exception {
        view.onControl(Topics.control("e"), org.malcomedge.wire.Control.newBuilder().setExperiment("e")
                .setCommand(org.malcomedge.wire.Control.Command.START).build().toByteArray());
        view.onControl(Topics.control("e"), new byte[0]); // a leftover control cleared
        view.onPlan(Topics.plan("e"), new byte[0]);
        view.onState(Topics.state("e", "n1"), new byte[0]);
        assertTrue(view.awaitStart(), "START stands");
        assertEquals(Set.of("n0", "n1"), view.alive(List.of("n0", "n1"), 1));
        view.onPlan(Topics.plan("e"), TestFleet.ring("e", 2, 3).build().toByteArray());
        assertEquals("e", view.awaitPlan().plan().getExperiment());
    }

    private Set<String> awaitNeighbours(int t, Duration timeout) {
        try {
            return view.awaitNeighbours(t, NEIGHBOURS, timeout);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void injectedLossDropsResidualsButNeverKeyframes() throws InterruptedException {
        view.attach(self, 1, LinkModel.lossy(1, 0));
        float[] before = self.estimateOf("n1");
        view.onFrame(n1.prepare(1, trainer));
        assertArrayEquals(before, self.estimateOf("n1"));
        assertEquals(Set.of("n2"), view.awaitNeighbours(1, NEIGHBOURS, Duration.ZERO), "yet the barrier saw it");
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
