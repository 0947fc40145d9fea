package org.malcomedge.coordinator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The rows of {@code rounds.csv} of one round, summed or averaged over the nodes. The target and
 * the totals of {@code summary.json} are defined on these, so that they can be checked against
 * {@code rounds.csv} by hand.
 *
 * @param meanTrainLoss         mean over the round's training nodes of train_loss: a star's workers, not its
 *                              server, whose row holds the central model's loss in evaluated rounds only
 *                              (NaN in the others: averaged in, it made every star round's mean NaN)
 * @param meanTestAccuracy      mean over the round's nodes of test_accuracy (NaN if any node was not evaluated)
 * @param minTestAccuracy       the worst node's test accuracy (the spread drawn around the mean)
 * @param meanSparsity          mean over the round's nodes of sparsity
 * @param meanGamma             mean over the round's nodes of their consensus step (NaN where none is recorded)
 * @param payloadBits           sum over the round's nodes of payload_bits
 * @param cumulativePayloadBits payload bits of all nodes in all rounds up to and including this one
 * @param socketBytes           sum of socket_bytes, or -1 if any node's was not measured
 * @param downlink              the part of the payload, frame and socket figures that a star's server
 *                              published (its {@link NodeRound#SERVER} row), or null when the round has no
 *                              server (gossip): the rest is the workers' uplink
 */
record RoundTotals(
        int round,
        int nodes,
        double meanTrainLoss,
        double meanTestAccuracy,
        double minTestAccuracy,
        double maxTestAccuracy,
        double meanSparsity,
        double meanGamma,
        long payloadBits,
        long cumulativePayloadBits,
        long frameBytes,
        long socketBytes,
        Downlink downlink) {

    /** A star server's part of a round: its downlink. {@code socketBytes} is -1 when not measured. */
    record Downlink(long payloadBits, long frameBytes, long socketBytes) {
    }

    /** Groups node rows by round (in increasing round order) and accumulates the payload bits. */
    static List<RoundTotals> of(List<NodeRound> rows) {
        TreeMap<Integer, List<NodeRound>> byRound = new TreeMap<>();
        for (NodeRound row : rows) {
            byRound.computeIfAbsent(row.round(), r -> new ArrayList<>()).add(row);
        }
        List<RoundTotals> totals = new ArrayList<>(byRound.size());
        long cumulative = 0;
        for (var entry : byRound.entrySet()) {
            RoundTotals round = ofRound(entry.getKey(), entry.getValue(), cumulative);
            cumulative = round.cumulativePayloadBits();
            totals.add(round);
        }
        return totals;
    }

    /** The totals of one round's node rows, given the payload bits of all earlier rounds. */
    static RoundTotals ofRound(int round, List<NodeRound> nodes, long payloadBitsBefore) {
        long bits = nodes.stream().mapToLong(NodeRound::payloadBits).sum();
        List<NodeRound> server = nodes.stream().filter(NodeRound::isServer).toList();
        Downlink downlink = server.isEmpty() ? null : new Downlink(
                server.stream().mapToLong(NodeRound::payloadBits).sum(),
                server.stream().mapToLong(NodeRound::frameBytes).sum(),
                socketBytes(server));
        return new RoundTotals(round, nodes.size(),
                nodes.stream().filter(n -> !n.isServer()).mapToDouble(NodeRound::trainLoss).average().orElse(Double.NaN),
                nodes.stream().mapToDouble(NodeRound::testAccuracy).average().orElse(Double.NaN),
                nodes.stream().mapToDouble(NodeRound::testAccuracy).min().orElse(Double.NaN),
                nodes.stream().mapToDouble(NodeRound::testAccuracy).max().orElse(Double.NaN),
                nodes.stream().mapToDouble(NodeRound::sparsity).average().orElse(Double.NaN),
                nodes.stream().mapToDouble(NodeRound::gamma).filter(g -> !Double.isNaN(g)).average().orElse(Double.NaN),
                bits, payloadBitsBefore + bits,
                nodes.stream().mapToLong(NodeRound::frameBytes).sum(),
                socketBytes(nodes), downlink);
    }

    /** Sum of the rows' socket_bytes, or -1 if any row's was not measured. */
    private static long socketBytes(List<NodeRound> rows) {
        boolean measured = rows.stream().allMatch(n -> n.socketBytes() >= 0);
        return measured ? rows.stream().mapToLong(NodeRound::socketBytes).sum() : -1;
    }
}
