package org.malcomedge.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DivergenceTest {

    @TempDir
    Path dir;

    /** Two nodes, rounds 1..20, with the given mean loss and normalized consensus distance per round. */
    private static RunResults run(IntToDoubleFunction loss, IntToDoubleFunction spread) {
        List<NodeRound> nodes = new ArrayList<>();
        List<FleetRound> fleet = new ArrayList<>();
        for (int t = 1; t <= 20; t++) {
            for (int i = 0; i < 2; i++) {
                nodes.add(new NodeRound(t, "n" + i, loss.applyAsDouble(t), 0.5, 0, 100, 20, -1, 0, 0, 1, 1));
            }
            fleet.add(new FleetRound(t, spread.applyAsDouble(t), spread.applyAsDouble(t), 0.5, Double.NaN, 0, 200, 40, t));
        }
        return RunResults.of(null, nodes, fleet);
    }

    @Test
    void aHealthyRunDidNotDivergeEvenWhenItsLossIsNoisyAndItsDistanceUnknown() {
        assertNull(run(t -> 2.3 / t * (t % 3 == 0 ? 4 : 1), t -> Double.NaN).divergedAtRound());
        assertNull(run(t -> 2.3 * Math.exp(-t / 5.0), t -> 1e-3 * t).divergedAtRound());
    }

    @Test
    void aLossThatIsNotFiniteOrGrewTenfoldIsADivergence() {
        assertEquals(7, run(t -> t < 7 ? 2.0 : Double.NaN, t -> Double.NaN).divergedAtRound());
        assertEquals(9, run(t -> t < 9 ? 2.0 : Double.POSITIVE_INFINITY, t -> 0.01).divergedAtRound());
        assertEquals(12, run(t -> 2.0 * Math.pow(1.25, t - 1), t -> 0.01).divergedAtRound(), "2 * 1.25^11 > 20");
    }

    @Test
    void nodesFlyingApartAreADivergence() {
        assertEquals(5, run(t -> 2.0, t -> t < 5 ? 0.5 : 150).divergedAtRound());
        assertEquals(3, run(t -> 2.0, t -> t < 3 ? 0.5 : Double.POSITIVE_INFINITY).divergedAtRound());
    }

    /** A star round: workers' losses every round, the server's central loss only when evaluated (every 5th). */
    private static RunResults star(IntToDoubleFunction workerLoss) {
        List<NodeRound> nodes = new ArrayList<>();
        for (int t = 1; t <= 20; t++) {
            for (int i = 0; i < 2; i++) {
                nodes.add(new NodeRound(t, "n" + i, workerLoss.applyAsDouble(t), Double.NaN, 0, 100, 20, -1, 0, 0, 1, 1));
            }
            double central = t % 5 == 0 ? 0.5 : Double.NaN;
            nodes.add(new NodeRound(t, NodeRound.SERVER, central, t % 5 == 0 ? 0.8 : Double.NaN, 0, 100, 20, -1, 0, 0, 1, 1));
        }
        return RunResults.of(null, nodes, List.of());
    }

    @Test
    void aStarServerWhoseLossIsOnlyMeasuredWhenEvaluatedIsNoDivergenceButItsWorkersBlowingUpIs() {
        assertNull(star(t -> 2.3 * Math.exp(-t / 5.0)).divergedAtRound());
        assertEquals(6, star(t -> t < 6 ? 2.0 : Double.NaN).divergedAtRound());
    }

    @Test
    void theCompareTableSaysWhereARunDiverged() throws Exception {
        CompareFolder compare = CompareFolder.create(dir.resolve("cmp"), null);
        Fixtures.record(compare.newRun("dpsgd"), Fixtures.info("dpsgd", 2, 20, 0.5), 0.9, 100);
        try (RunRecorder recorder = compare.newRun("malcom:4").record(Fixtures.info("malcom:4", 2, 20, 0.5))) {
            for (int t = 1; t <= 20; t++) {
                double loss = t < 6 ? 2.0 : Double.NaN;
                List<NodeRound> rows = List.of(new NodeRound(t, "n0", loss, 0.1, 0, 100, 20, -1, 0, 0, 1, 1),
                        new NodeRound(t, "n1", loss, 0.1, 0, 100, 20, -1, 0, 0, 1, 1));
                recorder.roundFinished(rows, Fixtures.fleetRow(t, rows));
            }
            recorder.finish(Fixtures.ring(2, 100, 20));
        }
        String table = compare.finish().terminal();
        assertTrue(table.contains("10.0 % diverged at round 6"), table);
    }
}
