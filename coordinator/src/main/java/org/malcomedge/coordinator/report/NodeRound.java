package org.malcomedge.coordinator.report;

/**
 * One node's metrics for one round: one row of {@code rounds.csv}. Bits and bytes are what this
 * node published in this round (not cumulative).
 *
 * @param socketBytes bytes through the node's MQTT socket this round; negative when not measured
 *                    (in-memory transport)
 * @param wallMillis  wall-clock time of the round on this node (compute and communication)
 * @param computeMillis time spent in the local training step
 */
public record NodeRound(
        int round,
        String node,
        double trainLoss,
        double testAccuracy,
        double sparsity,
        long payloadBits,
        long frameBytes,
        long socketBytes,
        int repairs,
        int droppedFrames,
        double computeMillis,
        double wallMillis) {
}
