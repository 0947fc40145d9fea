package org.malcomedge.coordinator.report;

/**
 * One node's metrics for one round: one row of {@code rounds.csv}. Bits and bytes are what this
 * node published in this round (not cumulative).
 *
 * @param socketBytes bytes through the node's MQTT socket this round; negative when not measured
 *                    (in-memory transport)
 * @param wallMillis  wall-clock time of the round on this node (compute and communication)
 * @param computeMillis time spent in the local training step
 * @param elapsedSeconds wall-clock seconds from the start of the run to the end of this node's round
 *                    (NaN when not recorded, as in run folders written before this column existed)
 * @param gamma       the node's consensus step gamma_i at the end of the round ({@code --gamma auto}
 *                    lowers it); NaN where there is none (D-PSGD, star) or in older run folders
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
        double wallMillis,
        double elapsedSeconds,
        double gamma) {

    /** A row without the wall-clock time of the round. */
    public NodeRound(int round, String node, double trainLoss, double testAccuracy, double sparsity, long payloadBits,
            long frameBytes, long socketBytes, int repairs, int droppedFrames, double computeMillis, double wallMillis) {
        this(round, node, trainLoss, testAccuracy, sparsity, payloadBits, frameBytes, socketBytes, repairs, droppedFrames,
                computeMillis, wallMillis, Double.NaN, Double.NaN);
    }

    /** A row without a consensus step (D-PSGD, star mode). */
    public NodeRound(int round, String node, double trainLoss, double testAccuracy, double sparsity, long payloadBits,
            long frameBytes, long socketBytes, int repairs, int droppedFrames, double computeMillis, double wallMillis,
            double elapsedSeconds) {
        this(round, node, trainLoss, testAccuracy, sparsity, payloadBits, frameBytes, socketBytes, repairs, droppedFrames,
                computeMillis, wallMillis, elapsedSeconds, Double.NaN);
    }

    /**
     * The node id of a star's server (DESIGN.md section 4, MCM): its row's bits and bytes are the
     * downlink it published; every other row of a star run is a worker's uplink.
     */
    public static final String SERVER = "server";

    /** Whether this row is a star server's downlink. */
    public boolean isServer() {
        return SERVER.equals(node);
    }
}
