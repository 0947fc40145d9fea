package org.malcomedge.coordinator.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Synthetic runs for the report tests: a ring of nodes whose accuracy rises as bits flow. */
public final class Fixtures {

    private Fixtures() {
    }

    public static RunInfo info(String run, int nodes, int rounds, Double target) {
        return new RunInfo(run, run.split(":")[0], run.contains(":") ? run.substring(run.indexOf(':') + 1) : "dense",
                nodes, "ring", 0.19526, "digits", "iid", "standard", "mlp:32", 10, rounds, 7L, 0.1, "0.5", 1e-4, null, 32, "memory", target);
    }

    /** Node i's accuracy in round r approaches {@code ceiling}; each node publishes {@code bitsPerNode} per round. */
    public static List<NodeRound> nodeRows(int round, int nodes, double ceiling, long bitsPerNode) {
        List<NodeRound> rows = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            double accuracy = ceiling * (1 - Math.exp(-(round + 1) / (6.0 + i)));
            rows.add(new NodeRound(round, "n" + i, 2.3 * Math.exp(-round / 10.0), accuracy, Math.min(0.9, round / 40.0),
                    round == 0 ? 0 : bitsPerNode, round == 0 ? 0 : bitsPerNode / 8 + 12, -1, 0, 0, 3.5, 4.25));
        }
        return rows;
    }

    public static FleetRound fleetRow(int round, List<NodeRound> rows) {
        double mean = rows.stream().mapToDouble(NodeRound::testAccuracy).average().orElseThrow();
        return new FleetRound(round, 10 * Math.exp(-round / 4.0), 0.1 * Math.exp(-round / 4.0), mean,
                round % 5 == 0 ? mean + 0.01 : Double.NaN, rows.stream().mapToDouble(NodeRound::sparsity).average().orElseThrow(),
                rows.stream().mapToLong(NodeRound::payloadBits).sum(), rows.stream().mapToLong(NodeRound::frameBytes).sum(), round * 0.25);
    }

    public static List<EdgeTraffic> ring(int nodes, long bitsPerNode, int rounds) {
        List<EdgeTraffic> edges = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            long bits = 2 * bitsPerNode * rounds * (1 + i % 3);
            edges.add(new EdgeTraffic("n" + i, "n" + (i + 1) % nodes, bits, bits / 8 + 24L * rounds));
        }
        return edges;
    }

    /** Records a whole synthetic run into {@code folder} and returns its summary. */
    public static Summary record(RunFolder folder, RunInfo info, double ceiling, long bitsPerNode) throws IOException {
        try (RunRecorder recorder = folder.record(info)) {
            for (int round = 0; round <= info.rounds(); round++) {
                List<NodeRound> rows = nodeRows(round, info.nodes(), ceiling, bitsPerNode);
                recorder.roundFinished(rows, fleetRow(round, rows));
            }
            return recorder.finish(ring(info.nodes(), bitsPerNode, info.rounds()));
        }
    }
}
