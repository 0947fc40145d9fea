package org.malcomedge.coordinator.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a report shows about one run, as read back from its folder (or accumulated while
 * recording): the configuration, the per-round totals over nodes, the fleet rows and the edges.
 */
public final class RunRecord {

    private final Path folder;
    private final RunInfo info;
    private final List<RoundTotals> rounds;
    private final List<FleetRound> fleet;
    private final List<EdgeTraffic> edges;

    RunRecord(Path folder, RunInfo info, List<RoundTotals> rounds, List<FleetRound> fleet, List<EdgeTraffic> edges) {
        this.folder = folder;
        this.info = info;
        this.rounds = List.copyOf(rounds);
        this.fleet = List.copyOf(fleet);
        this.edges = List.copyOf(edges);
    }

    public Path folder() {
        return folder;
    }

    public RunInfo info() {
        return info;
    }

    public Summary summary() {
        return new Summary(info, RunResults.fromTotals(info.targetAccuracy(), info.classes(), rounds, fleet));
    }

    /** The same run measured against another target (its summary's to-target fields follow). */
    RunRecord withTargetAccuracy(double target) {
        return new RunRecord(folder, info.withTargetAccuracy(target), rounds, fleet, edges);
    }

    List<RoundTotals> rounds() {
        return rounds;
    }

    List<FleetRound> fleet() {
        return fleet;
    }

    List<EdgeTraffic> edges() {
        return edges;
    }
}
