package org.malcomedge.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.sim.CollectingListener;
import org.malcomedge.coordinator.topology.Topologies;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.RoundReport;

class ReportCollectorTest {

    private static final List<String> IDS = List.of("n0", "n1", "n2");

    private final CollectingListener listener = new CollectingListener();
    private final ReportCollector collector = new ReportCollector(IDS, Topologies.parse("ring", 3, 1).graphAt(1), 4, 2,
            Optional.empty(), listener);

    private static RoundReport report(String node, int round, int epoch, int repairs) {
        return RoundReport.newBuilder().setNode(node).setRound(round).setEpoch(epoch).setRepairs(repairs)
                .setPayloadBits(80).setFrameBytes(20).setSocketBytes(30).setTestAccuracy(0.5).build();
    }

    private static NodeState state(String node, NodeState.Status status) {
        return NodeState.newBuilder().setNode(node).setStatus(status).build();
    }

    @Test
    void aRoundIsWrittenOnceEveryNodeReportedItInAnyOrder() {
        IDS.forEach(id -> collector.state(state(id, NodeState.Status.BIRTH)));
        collector.report(report("n0", 1, 0, 0));
        collector.report(report("n0", 2, 0, 0));
        collector.report(report("n1", 1, 0, 0));
        assertTrue(listener.rounds.isEmpty(), "round 1 still misses n2");
        collector.report(report("n2", 1, 0, 0));
        assertEquals(1, listener.rounds.size());
        assertEquals(List.of("n0", "n1", "n2"), listener.nodes.stream().map(NodeRound::node).toList(), "plan order");
        assertEquals(Double.NaN, listener.nodes.get(0).testAccuracy(), "round 1 is no evaluation round (eval_every 2)");
        assertEquals(240, listener.rounds.get(0).payloadBits());
    }

    @Test
    void aDeadNodeDoesNotHoldUpTheRoundsAndItsLateReportsAreCountedNotWritten() {
        IDS.forEach(id -> collector.state(state(id, NodeState.Status.BIRTH)));
        IDS.forEach(id -> collector.report(report(id, 1, 0, 0)));
        collector.state(state("n1", NodeState.Status.DEATH));
        collector.report(report("n0", 2, 0, 0));
        collector.report(report("n2", 2, 0, 0));
        assertEquals(2, listener.rounds.size(), "round 2 written without the dead n1");
        collector.state(state("n1", NodeState.Status.BIRTH));
        collector.report(report("n1", 2, 1, 1)); // re-run after its restart: already written
        collector.report(report("n0", 3, 0, 1));
        collector.report(report("n2", 3, 0, 1));
        assertEquals(2, listener.rounds.size(), "round 3 waits for n1, alive again");
        collector.report(report("n1", 3, 1, 2));
        assertEquals(3, listener.rounds.size());
        assertEquals(java.util.Map.of("n1", new java.util.TreeSet<>(List.of(2))), collector.lateRows(),
                "n1's re-run of round 2 is marked, by node and round");
        assertEquals(2, listener.nodes.stream().filter(r -> r.node().equals("n1") && r.round() == 3).findFirst()
                .orElseThrow().repairs());
        assertFalse(collector.finished(Long.MAX_VALUE));
        IDS.forEach(id -> collector.report(report(id, 4, 0, 0)));
        assertTrue(collector.finished(Long.MAX_VALUE));
        List<EdgeTraffic> edges = collector.close();
        assertEquals(3, edges.size());
        // n0 published 4 rows, n1 3 (its late row is not counted), n2 4: edge n0-n1 carries 7 rows of 80 bits
        assertEquals(7 * 80, edges.stream().filter(e -> e.a().equals("n0") && e.b().equals("n1")).findFirst()
                .orElseThrow().payloadBits());
    }

    private static NodeState state(String node, NodeState.Status status, int epoch, int round, String detail) {
        return NodeState.newBuilder().setNode(node).setStatus(status).setEpoch(epoch).setRound(round).setDetail(detail)
                .build();
    }

    @Test
    void theWillThatFollowsALeaveIsNoDeathAndTheNodeCountsAsLeftEarly() {
        IDS.forEach(id -> collector.state(state(id, NodeState.Status.BIRTH)));
        IDS.forEach(id -> collector.report(report(id, 1, 0, 0)));
        collector.state(state("n1", NodeState.Status.LEAVE, 0, 1, "stranded after round 1"));
        collector.state(state("n1", NodeState.Status.DEATH, 0, 0, "connection lost")); // the DISCONNECT was lost
        assertEquals(List.of("stranded after round 1"), collector.leftEarly().stream().map(NodeState::getDetail).toList(),
                "n1 left, it did not die");
        IDS.stream().filter(id -> !id.equals("n1")).forEach(id -> {
            for (int round = 2; round <= 4; round++) {
                collector.report(report(id, round, 0, 0));
            }
        });
        assertTrue(collector.finished(Long.MAX_VALUE), "a node that left holds nothing up, whatever its will says");
    }

    @Test
    void aDeathOfANewEpochAfterALeaveStillCounts() {
        IDS.forEach(id -> collector.state(state(id, NodeState.Status.BIRTH)));
        collector.state(state("n1", NodeState.Status.LEAVE, 0, 0, "stopped after round 0"));
        collector.state(state("n1", NodeState.Status.BIRTH, 1, 0, "connected"));
        collector.state(state("n1", NodeState.Status.DEATH, 1, 0, "connection lost"));
        assertTrue(collector.leftEarly().isEmpty(), "n1 is dead, not left");
        assertFalse(collector.finished(Long.MAX_VALUE), "a dead node holds up the end until the away limit");
    }

    @Test
    void aLostReportDoesNotHoldUpItsRoundOnceALaterOneArrived() {
        IDS.forEach(id -> collector.state(state(id, NodeState.Status.BIRTH)));
        collector.report(report("n0", 1, 0, 0));
        collector.report(report("n2", 1, 0, 0));
        collector.report(report("n1", 2, 0, 0)); // its round-1 report was lost in a broker restart
        assertEquals(1, listener.rounds.size());
        assertEquals(List.of("n0", "n2"), listener.nodes.stream().map(NodeRound::node).toList());
    }

    @Test
    void aNodeAwayLongerThanTheLimitNoLongerHoldsUpTheEnd() throws Exception {
        IDS.forEach(id -> collector.state(state(id, NodeState.Status.BIRTH)));
        collector.report(report("n0", 4, 0, 0));
        collector.state(state("n1", NodeState.Status.LEAVE));
        collector.state(state("n2", NodeState.Status.DEATH));
        assertFalse(collector.finished(Long.MAX_VALUE));
        Thread.sleep(5);
        assertTrue(collector.finished(1_000_000));
    }
}
