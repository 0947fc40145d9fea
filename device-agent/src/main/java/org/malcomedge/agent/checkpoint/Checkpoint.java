package org.malcomedge.agent.checkpoint;

import java.util.Objects;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.gossip.NodeSnapshot;
import org.malcomedge.agent.star.WorkerSnapshot;

/**
 * A node's resume point: a gossip node's ({@link GossipProgress}) or a star worker's
 * ({@link StarProgress}).
 *
 * @param plan  digest of the plan the node ran ({@link #digest}): a checkpoint of another plan is
 *              not resumed
 * @param epoch the node's life in which it was written; the next life is {@code epoch + 1}
 */
public record Checkpoint(String experiment, String node, long plan, int epoch, Progress progress) {

    /** What a node of one mode needs to go on from its last finished round. */
    public sealed interface Progress permits GossipProgress, StarProgress {
        /** The last round the node finished. */
        int round();
    }

    /** A gossip node's x_i, its own xhat_i and frame counter. */
    public record GossipProgress(NodeSnapshot snapshot) implements Progress {
        @Override
        public int round() {
            return snapshot.round();
        }
    }

    /** A star worker's w_hat, memories and generator positions. */
    public record StarProgress(WorkerSnapshot snapshot) implements Progress {
        @Override
        public int round() {
            return snapshot.round();
        }
    }

    public Checkpoint {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(progress, "progress");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
    }

    /** A gossip node's checkpoint. */
    public Checkpoint(String experiment, String node, long plan, int epoch, NodeSnapshot state) {
        this(experiment, node, plan, epoch, new GossipProgress(state));
    }

    /** A star worker's checkpoint. */
    public Checkpoint(String experiment, String node, long plan, int epoch, WorkerSnapshot state) {
        this(experiment, node, plan, epoch, new StarProgress(state));
    }

    /** The last round the node finished. */
    public int round() {
        return progress.round();
    }

    /** Whether this is a star worker's checkpoint (else a gossip node's). */
    public boolean isStar() {
        return progress instanceof StarProgress;
    }

    /**
     * The gossip node's snapshot.
     *
     * @throws IllegalStateException for a star worker's checkpoint (callers check {@link #isStar} first)
     */
    public NodeSnapshot gossip() {
        if (progress instanceof GossipProgress gossip) {
            return gossip.snapshot();
        }
        throw new IllegalStateException("checkpoint of star worker " + node + ", not of a gossip node");
    }

    /**
     * The star worker's snapshot.
     *
     * @throws IllegalStateException for a gossip node's checkpoint (callers check {@link #isStar} first)
     */
    public WorkerSnapshot star() {
        if (progress instanceof StarProgress star) {
            return star.snapshot();
        }
        throw new IllegalStateException("checkpoint of gossip node " + node + ", not of a star worker");
    }

    /**
     * Checks that this checkpoint is {@code node}'s in {@code experiment} under the plan of digest
     * {@code plan}, of the mode the plan runs ({@code star}).
     *
     * @param where the store, for the message
     * @throws InputException naming {@code where} and what differs
     */
    public void requireOf(String where, String experiment, String node, long plan, boolean star) {
        if (!this.node.equals(node) || !this.experiment.equals(experiment)) {
            throw new InputException("checkpoint " + where + " is of node " + this.node
                    + " in experiment " + this.experiment + ", not of " + node + " in " + experiment);
        }
        if (this.plan != plan) {
            throw new InputException("checkpoint " + where + " is of another plan of experiment "
                    + experiment + ": remove it to start this node afresh, or use another checkpoint.dir");
        }
        if (isStar() != star) {
            throw new InputException("checkpoint " + where + " is of a "
                    + (isStar() ? "star worker" : "gossip node") + ", the plan runs " + (star ? "a star" : "gossip")
                    + ": remove it to start this node afresh");
        }
    }

    /** A 64-bit digest of a plan's bytes as published (first 8 bytes of their SHA-256). */
    public static long digest(byte[] plan) {
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(plan);
            return java.nio.ByteBuffer.wrap(sha).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
