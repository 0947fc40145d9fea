package org.malcomedge.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultsTest {

    private static NodeRound node(int round, String id, double accuracy, long bits) {
        return new NodeRound(round, id, 1, accuracy, 0.5, bits, bits / 8, -1, 0, 0, 1, 1);
    }

    private static FleetRound fleet(int round) {
        return new FleetRound(round, 1.0 / (round + 1), 0.1, 0, round == 1 ? 0.9 : Double.NaN, 0.5, 0, 0, 2.0 * round);
    }

    /** Two nodes, rounds 0..2; node a is always above 0.8, node b reaches it at round 2. */
    private static List<NodeRound> crossing() {
        List<NodeRound> rows = new ArrayList<>();
        rows.add(node(0, "a", 0.85, 100));
        rows.add(node(0, "b", 0.50, 10));
        rows.add(node(1, "a", 0.90, 100));
        rows.add(node(1, "b", 0.69, 10));
        rows.add(node(2, "b", 0.80, 10));
        rows.add(node(2, "a", 0.80, 100));
        return rows;
    }

    @Test
    void targetIsTheFirstRoundWhoseMeanOverNodesReachesIt() {
        List<FleetRound> fleet = List.of(fleet(0), fleet(1), fleet(2));
        RunResults results = RunResults.of(0.79, crossing(), fleet);
        // mean 0.675, 0.795, 0.80: round 1 reaches 0.79 although node b is still at 0.69
        assertEquals(1, results.roundsToTarget());
        assertEquals(220L, results.payloadBitsToTarget(), "all nodes' bits in rounds 0 and 1");
        assertEquals(2.0, results.secondsToTarget());
        RunResults later = RunResults.of(0.8, crossing(), fleet);
        assertEquals(2, later.roundsToTarget());
        assertEquals(330L, later.payloadBitsToTarget());
    }

    @Test
    void aStarRunSplitsItsBitsIntoTheWorkersUplinkAndTheServersDownlink() {
        List<NodeRound> rows = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            rows.add(node(round, "n0", 0.5, 40));
            rows.add(node(round, "n1", 0.5, 24));
            rows.add(node(round, NodeRound.SERVER, 0.5, 16));
        }
        RunResults star = RunResults.of(null, rows, List.of(fleet(1), fleet(2)));
        assertEquals(128L, star.uplinkPayloadBits());
        assertEquals(32L, star.downlinkPayloadBits());
        assertEquals(star.totalPayloadBits(), star.uplinkPayloadBits() + star.downlinkPayloadBits());
        assertEquals(16L, star.uplinkFrameBytes());
        assertEquals(4L, star.downlinkFrameBytes());
        assertNull(star.uplinkSocketBytes(), "no sockets in memory");
        assertNull(star.downlinkSocketBytes());

        RunResults gossip = RunResults.of(null, crossing(), List.of(fleet(0), fleet(1), fleet(2)));
        assertNull(gossip.uplinkPayloadBits(), "no server, no uplink/downlink split");
        assertNull(gossip.downlinkFrameBytes());
    }

    @Test
    void targetReachedAtRoundZeroCountsRoundZerosBits() {
        RunResults results = RunResults.of(0.6, crossing(), List.of(fleet(0)));
        assertEquals(0, results.roundsToTarget());
        assertEquals(110L, results.payloadBitsToTarget());
        assertEquals(0.0, results.secondsToTarget());
    }

    @Test
    void neverReachedOrNoTargetGivesNulls() {
        for (Double target : new Double[] {0.81, null}) {
            RunResults results = RunResults.of(target, crossing(), List.of(fleet(0), fleet(1), fleet(2)));
            assertNull(results.roundsToTarget());
            assertNull(results.payloadBitsToTarget());
            assertNull(results.secondsToTarget());
        }
    }

    @Test
    void aRoundWithAnUnevaluatedNodeCannotReachTheTarget() {
        List<NodeRound> rows = new ArrayList<>(crossing());
        rows.set(2, node(1, "a", Double.NaN, 100));
        assertEquals(2, RunResults.of(0.79, rows, List.of()).roundsToTarget());
    }

    @Test
    void finalFiguresAndTotals() {
        RunResults results = RunResults.of(null, crossing(), List.of(fleet(0), fleet(1), fleet(2)));
        assertEquals(0.8, results.finalTestAccuracy(), 1e-12);
        assertEquals(0.9, results.finalAvgModelAccuracy(), "last round where the average model was evaluated");
        assertEquals(0.5, results.finalSparsity());
        assertEquals(1.0 / 3, results.consensusDistance(), 1e-12);
        assertEquals(330L, results.totalPayloadBits());
        assertEquals(3 * (12 + 1), results.totalFrameBytes());
        assertNull(results.totalSocketBytes(), "memory transport: sockets not measured");
        assertEquals(2, results.lastRound());
        assertEquals(4.0, results.elapsedSeconds());
    }

    @Test
    void socketBytesAreSummedOnlyWhenEveryRowMeasuredThem() {
        List<NodeRound> rows = List.of(new NodeRound(0, "a", 1, 0.5, 0, 8, 1, 40, 0, 0, 1, 1),
                new NodeRound(0, "b", 1, 0.5, 0, 8, 1, 60, 0, 0, 1, 1));
        assertEquals(100L, RunResults.of(null, rows, List.of()).totalSocketBytes());
    }

    @Test
    void anEmptyRunHasNoFinalFigures() {
        RunResults results = RunResults.of(0.5, List.of(), List.of());
        assertNull(results.finalTestAccuracy());
        assertNull(results.consensusDistance());
        assertNull(results.roundsToTarget());
        assertEquals(0, results.totalPayloadBits());
        assertNull(results.totalSocketBytes());
    }
}
