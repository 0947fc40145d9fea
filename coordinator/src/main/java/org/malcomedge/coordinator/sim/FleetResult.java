package org.malcomedge.coordinator.sim;

import java.util.List;
import org.malcomedge.coordinator.report.EdgeTraffic;
import org.malcomedge.coordinator.report.FleetRound;

/** What a finished fleet run produced; {@code finalModels[i]} is node i's x_i. */
public record FleetResult(double spectralGap, List<FleetRound> rounds, List<EdgeTraffic> edges, float[][] finalModels) {

    public FleetRound last() {
        return rounds.get(rounds.size() - 1);
    }
}
