package org.malcomedge.coordinator.report;

/**
 * Fleet-wide metrics of one round, computed from all nodes' models after the round.
 *
 * @param consensusDistance           (1/n) sum_i ||x_i - xbar||^2
 * @param normalizedConsensusDistance the same divided by ||xbar||^2 (seed 002's form)
 * @param meanTestAccuracy            mean over nodes of each node's model on the test set
 * @param averageModelAccuracy        accuracy of xbar on the test set; NaN when not evaluated this round
 * @param elapsedSeconds              wall-clock seconds since the run started, at the end of this round
 */
public record FleetRound(
        int round,
        double consensusDistance,
        double normalizedConsensusDistance,
        double meanTestAccuracy,
        double averageModelAccuracy,
        double meanSparsity,
        long payloadBits,
        long frameBytes,
        double elapsedSeconds) {
}
