package org.malcomedge.coordinator.sim;

import java.util.ArrayList;
import java.util.List;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;

/** Test fixture: collects what a fleet run reports (simulated or real: also the fleet package's tests). */
public final class CollectingListener implements FleetListener {
    public final List<NodeRound> nodes = new ArrayList<>();
    public final List<FleetRound> rounds = new ArrayList<>();
    public List<EdgeTraffic> edges;

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
