package org.malcomedge.coordinator.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run achieved: the results half of {@code summary.json}, a pure function of
 * {@code rounds.csv} and {@code fleet.csv} (so {@code report DIR} recomputes it, even for a run
 * that stopped early). Null means "not available" (never reached, not measured, no round yet).
 *
 * @param finalTestAccuracy        last round: mean over nodes of each node's model on the test set
 * @param finalAvgModelAccuracy    accuracy of the nodes' average model, at the last round where it was evaluated
 * @param finalSparsity            last round: mean over nodes of the fraction of exact zeros in the model
 * @param finalGamma               last round: mean over nodes of the consensus step gamma_i (what {@code --gamma auto}
 *                                 settled on); null where there is none (D-PSGD, star, older run folders)
 * @param consensusDistance        last round: (1/n) sum_i ||x_i - xbar||^2
 * @param normalizedConsensusDistance last round: the same divided by ||xbar||^2
 * @param totalPayloadBits         payload bits published by all nodes in all rounds (sum of rounds.csv payload_bits)
 * @param totalFrameBytes          the same as protobuf frames (sum of frame_bytes)
 * @param totalSocketBytes         bytes through the MQTT sockets (sum of socket_bytes); null unless every row measured it
 * @param roundsToTarget           the first round r at which the mean over nodes of test accuracy is >= target_accuracy
 * @param payloadBitsToTarget      payload bits of all nodes in rounds <= roundsToTarget
 * @param secondsToTarget          elapsed seconds at the end of round roundsToTarget (fleet.csv)
 * @param lastRound                the last round recorded
 * @param elapsedSeconds           wall-clock seconds from the start of the run to the end of the last round
 * @param divergedAtRound          the first round at which the run diverged ({@link Divergence}); null when it did not
 * @param endedNearChance          whether the final accuracy is near chance level ({@link ChanceLevel}); null when the
 *                                 number of classes is unknown
 * @param uplinkPayloadBits        star runs (null otherwise): the workers' part of totalPayloadBits (rows
 *                                 other than {@link NodeRound#SERVER}), C_up messages
 * @param downlinkPayloadBits      star runs: the server's part, its downlink (a broadcast counted once);
 *                                 uplink + downlink = total, and the same for frame and socket bytes
 * @param uplinkSocketBytes        star runs whose sockets were measured (mqtt): the workers' part of totalSocketBytes
 */
@JsonPropertyOrder({"final_test_accuracy", "final_avg_model_accuracy", "final_sparsity", "final_gamma", "consensus_distance",
    "normalized_consensus_distance", "total_payload_bits", "total_frame_bytes", "total_socket_bytes",
    "rounds_to_target", "payload_bits_to_target", "seconds_to_target", "last_round", "elapsed_seconds", "diverged_at_round",
    "ended_near_chance",
    "uplink_payload_bits", "downlink_payload_bits", "uplink_frame_bytes", "downlink_frame_bytes",
    "uplink_socket_bytes", "downlink_socket_bytes"})
public record RunResults(
        Double finalTestAccuracy,
        Double finalAvgModelAccuracy,
        Double finalSparsity,
        Double finalGamma,
        Double consensusDistance,
        Double normalizedConsensusDistance,
        long totalPayloadBits,
        long totalFrameBytes,
        Long totalSocketBytes,
        Integer roundsToTarget,
        Long payloadBitsToTarget,
        Double secondsToTarget,
        Integer lastRound,
        Double elapsedSeconds,
        Integer divergedAtRound,
        Boolean endedNearChance,
        Long uplinkPayloadBits,
        Long downlinkPayloadBits,
        Long uplinkFrameBytes,
        Long downlinkFrameBytes,
        Long uplinkSocketBytes,
        Long downlinkSocketBytes) {

    /**
     * The results of a run from its rows; {@code targetAccuracy} may be null (then no target fields),
     * and so may {@code classes} (then no chance-level verdict).
     */
    public static RunResults of(Double targetAccuracy, Integer classes, List<NodeRound> nodeRows, List<FleetRound> fleetRows) {
        return fromTotals(targetAccuracy, classes, RoundTotals.of(nodeRows), fleetRows);
    }

    /** {@link #of(Double, Integer, List, List)} with the class count unknown. */
    public static RunResults of(Double targetAccuracy, List<NodeRound> nodeRows, List<FleetRound> fleetRows) {
        return of(targetAccuracy, null, nodeRows, fleetRows);
    }

    static RunResults fromTotals(Double targetAccuracy, Integer classes, List<RoundTotals> rounds, List<FleetRound> fleetRows) {
        Optional<RoundTotals> last = rounds.isEmpty() ? Optional.empty() : Optional.of(rounds.get(rounds.size() - 1));
        Optional<FleetRound> lastFleet = fleetRows.isEmpty() ? Optional.empty() : Optional.of(fleetRows.get(fleetRows.size() - 1));
        Optional<RoundTotals> target = targetAccuracy == null ? Optional.empty() : firstReaching(rounds, targetAccuracy);
        boolean socketsMeasured = !rounds.isEmpty() && rounds.stream().allMatch(r -> r.socketBytes() >= 0);
        long payloadBits = rounds.stream().mapToLong(RoundTotals::payloadBits).sum();
        long frameBytes = rounds.stream().mapToLong(RoundTotals::frameBytes).sum();
        Long socketBytes = socketsMeasured ? rounds.stream().mapToLong(RoundTotals::socketBytes).sum() : null;
        List<RoundTotals.Downlink> downlinks = rounds.stream().map(RoundTotals::downlink).filter(Objects::nonNull).toList();
        boolean star = !downlinks.isEmpty();
        Long downBits = star ? downlinks.stream().mapToLong(RoundTotals.Downlink::payloadBits).sum() : null;
        Long downFrames = star ? downlinks.stream().mapToLong(RoundTotals.Downlink::frameBytes).sum() : null;
        Long downSockets = star && socketBytes != null ? downlinks.stream().mapToLong(RoundTotals.Downlink::socketBytes).sum() : null;
        Double finalAccuracy = last.map(RoundTotals::meanTestAccuracy).map(RunResults::finite).orElse(null);
        return new RunResults(
                finalAccuracy,
                fleetRows.stream().map(FleetRound::averageModelAccuracy).filter(a -> !a.isNaN())
                        .reduce((earlier, later) -> later).orElse(null),
                last.map(RoundTotals::meanSparsity).map(RunResults::finite).orElse(null),
                last.map(RoundTotals::meanGamma).map(RunResults::finite).orElse(null),
                lastFleet.map(FleetRound::consensusDistance).map(RunResults::finite).orElse(null),
                lastFleet.map(FleetRound::normalizedConsensusDistance).map(RunResults::finite).orElse(null),
                payloadBits,
                frameBytes,
                socketBytes,
                target.map(RoundTotals::round).orElse(null),
                target.map(RoundTotals::cumulativePayloadBits).orElse(null),
                target.flatMap(t -> fleetRows.stream().filter(f -> f.round() == t.round()).findFirst())
                        .map(FleetRound::elapsedSeconds).map(RunResults::finite).orElse(null),
                last.map(RoundTotals::round).orElse(null),
                lastFleet.map(FleetRound::elapsedSeconds).map(RunResults::finite).orElse(null),
                Divergence.round(rounds, fleetRows).orElse(null),
                ChanceLevel.endedNear(finalAccuracy, classes),
                star ? payloadBits - downBits : null, downBits,
                star ? frameBytes - downFrames : null, downFrames,
                downSockets != null ? socketBytes - downSockets : null, downSockets);
    }

    /** The first round whose mean test accuracy over nodes is at least {@code target} (NaN never is). */
    static Optional<RoundTotals> firstReaching(List<RoundTotals> rounds, double target) {
        return rounds.stream().filter(r -> r.meanTestAccuracy() >= target).findFirst();
    }

    private static Double finite(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }
}
