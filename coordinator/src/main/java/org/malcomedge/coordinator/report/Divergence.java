package org.malcomedge.coordinator.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The round at which a run diverged, read from its rows: the first round whose mean training loss
 * over nodes is not finite or above {@value #LOSS_GROWTH} x the first round's (a cross-entropy that
 * started near ln C and grew tenfold is no noisy minibatch: the models blew up), or whose
 * normalized consensus distance {@code (1/n) sum ||x_i - xbar||^2 / ||xbar||^2} is infinite or above
 * {@value #NORMALIZED_DISTANCE} (the nodes are ten times farther from their mean than the mean is
 * from zero). A NaN consensus distance is "not computed" (a real fleet has it at the last round
 * only), never a divergence by itself.
 */
final class Divergence {

    static final double LOSS_GROWTH = 10;
    static final double NORMALIZED_DISTANCE = 100;

    private Divergence() {
    }

    static Optional<Integer> round(List<RoundTotals> rounds, List<FleetRound> fleet) {
        if (rounds.isEmpty()) {
            return Optional.empty();
        }
        double firstLoss = rounds.get(0).meanTrainLoss();
        Map<Integer, FleetRound> fleetByRound = fleet.stream()
                .collect(Collectors.toMap(FleetRound::round, Function.identity(), (a, b) -> b));
        for (RoundTotals round : rounds) {
            double loss = round.meanTrainLoss();
            boolean lossBlewUp = !Double.isFinite(loss) || (Double.isFinite(firstLoss) && loss > LOSS_GROWTH * firstLoss);
            FleetRound row = fleetByRound.get(round.round());
            double spread = row == null ? Double.NaN : row.normalizedConsensusDistance();
            boolean spreadBlewUp = Double.isInfinite(spread) || spread > NORMALIZED_DISTANCE;
            if (lossBlewUp || spreadBlewUp) {
                return Optional.of(round.round());
            }
        }
        return Optional.empty();
    }
}
