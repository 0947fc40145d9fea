package org.malcomedge.coordinator.sim;

import java.util.List;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.topology.Graph;

/** Receives a fleet run's metrics as they are produced (run folder writer, progress bar). */
public interface FleetListener {

    /** Before round 1: the first round's graph and its spectral gap. */
    default void started(Graph graph, double spectralGap) {
    }

    /** One row per node per round, in node order, before that round's {@link #fleetRound}. */
    default void nodeRound(NodeRound row) {
    }

    default void fleetRound(FleetRound round) {
    }

    /** After the last round: traffic per undirected edge over the whole run. */
    default void finished(List<EdgeTraffic> edges) {
    }
}
