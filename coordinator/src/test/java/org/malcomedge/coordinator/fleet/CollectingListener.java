package org.malcomedge.coordinator.fleet;

import java.util.ArrayList;
import java.util.List;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;

/** Test fixture: collects what a fleet run reports. */
final class CollectingListener implements FleetListener {
    final List<NodeRound> nodes = new ArrayList<>();
    final List<FleetRound> rounds = new ArrayList<>();
    List<EdgeTraffic> edges;

    @Override
    public void nodeRound(NodeRound row) {
        nodes.add(row);
    }

    @Override
    public void fleetRound(FleetRound round) {
        rounds.add(round);
    }

    @Override
    public void finished(List<EdgeTraffic> traffic) {
        edges = traffic;
    }
}
