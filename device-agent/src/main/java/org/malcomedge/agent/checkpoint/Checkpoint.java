package org.malcomedge.agent.checkpoint;

import java.util.Objects;
import org.malcomedge.agent.gossip.NodeSnapshot;

/**
 * A node's resume point.
 *
 * @param plan  digest of the plan the node ran ({@link #digest}): a checkpoint of another plan is
 *              not resumed
 * @param epoch the node's life in which it was written; the next life is {@code epoch + 1}
 */
public record Checkpoint(String experiment, String node, long plan, int epoch, NodeSnapshot state) {

    public Checkpoint {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
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
