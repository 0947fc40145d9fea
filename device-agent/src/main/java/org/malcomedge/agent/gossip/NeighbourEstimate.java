package org.malcomedge.agent.gossip;

import java.util.Map;
import java.util.TreeMap;

/**
 * One node's estimate xhat_j of a neighbour j, and the bookkeeping that keeps it equal to j's own
 * xhat_j whatever the transport does (DESIGN.md section 5).
 *
 * <p>Additive frames (CHOCO, MALCOM) are applied as {@code xhat_j += q_j} the moment they arrive,
 * late ones included; duplicates are ignored by sequence number. A sequence gap that stays open for
 * the gap window, a sender that restarted (new epoch), or a neighbour we never had an estimate of
 * ("unsynced") asks for a keyframe, i.e. j's full xhat_j as of some seq k. To accept a keyframe
 * that is older than frames already applied, the frames applied since the oldest open gap are kept
 * (only while a gap is open, at most {@link #MAX_HELD} of them): the keyframe plus those with seq > k
 * is exactly the sender's estimate.
 *
 * <p>Absolute frames (D-PSGD's x_half) replace the estimate when newer; nothing to repair.
 */
final class NeighbourEstimate {

    /** Frames held while a gap is open before we give up and wait for a keyframe only. */
    static final int MAX_HELD = 64;

    /** Outcome of offering a frame. */
    enum Outcome {
        APPLIED,
        /** A keyframe that (re)synchronized the estimate. */
        REPAIRED,
        /** Held until a keyframe arrives. */
        HELD,
        /** Duplicate, superseded, or from an older epoch. */
        IGNORED
    }

    private final float[] value;
    private boolean synced;
    private long epoch;
    /** Highest seq folded into value (synced) or held (unsynced). */
    private long highestSeq;
    /** Missing seqs -> round in which the gap was first seen. Synced state only. */
    private final TreeMap<Long, Integer> missing = new TreeMap<>();
    /** Frames applied since the oldest open gap (synced), or all frames held (unsynced). */
    private final TreeMap<Long, float[]> held = new TreeMap<>();
    /** Unsynced: the oldest keyframe seq that can still be completed with the held frames. */
    private long keyframeFloor;
    private int lastRequestRound = Integer.MIN_VALUE / 2;

    /** An estimate known to equal the sender's at seq 0 of epoch 0 (both start from {@code start}). */
    static NeighbourEstimate synced(float[] start) {
        NeighbourEstimate estimate = new NeighbourEstimate(start.length);
        System.arraycopy(start, 0, estimate.value, 0, start.length);
        estimate.synced = true;
        return estimate;
    }

    /** An estimate of a neighbour we have never heard from: unusable until its first keyframe. */
    static NeighbourEstimate unsynced(int dimension) {
        NeighbourEstimate estimate = new NeighbourEstimate(dimension);
        estimate.epoch = -1;
        estimate.keyframeFloor = -1;
        return estimate;
    }

    private NeighbourEstimate(int dimension) {
        this.value = new float[dimension];
    }

    /** xhat_j; meaningful only when {@link #isSynced()}. */
    float[] value() {
        return value;
    }

    boolean isSynced() {
        return synced;
    }

    /** {@code xhat_j += q} for the frame (epoch, seq), seen in {@code round}. */
    Outcome addResidual(long frameEpoch, long seq, float[] q, int round) {
        if (frameEpoch < epoch) {
            return Outcome.IGNORED;
        }
        if (frameEpoch > epoch) {
            // The sender restarted: our estimate is of its previous life.
            resetUnsynced(frameEpoch);
        }
        if (!synced) {
            if (seq <= keyframeFloor || held.containsKey(seq)) {
                return Outcome.IGNORED;
            }
            hold(seq, q);
            return Outcome.HELD;
        }
        if (seq > highestSeq) {
            if (seq - highestSeq > MAX_HELD) {
                // Too far ahead to track the gap frame by frame: wait for a keyframe.
                resetUnsynced(epoch);
                hold(seq, q);
                return Outcome.HELD;
            }
            for (long gap = highestSeq + 1; gap < seq; gap++) {
                missing.put(gap, round);
            }
            highestSeq = seq;
        } else if (missing.remove(seq) == null) {
            return Outcome.IGNORED; // duplicate
        }
        add(value, q);
        if (missing.isEmpty()) {
            held.clear();
        } else {
            held.put(seq, q);
            held.headMap(missing.firstKey()).clear();
            if (held.size() > MAX_HELD) {
                resetUnsynced(epoch);
            }
        }
        return Outcome.APPLIED;
    }

    /** A keyframe: the sender's full estimate as of (epoch, seq). */
    Outcome applyKeyframe(long frameEpoch, long seq, float[] full, int round) {
        if (frameEpoch < epoch) {
            return Outcome.IGNORED;
        }
        if (frameEpoch > epoch) {
            resetUnsynced(frameEpoch);
        }
        long floor = synced ? (missing.isEmpty() ? highestSeq : missing.firstKey() - 1) : keyframeFloor;
        if (seq < floor) {
            return Outcome.IGNORED; // older than frames we applied and no longer hold
        }
        System.arraycopy(full, 0, value, 0, value.length);
        synced = true;
        highestSeq = seq;
        missing.clear();
        // Re-apply what we hold beyond the keyframe, noting any gaps between those frames.
        TreeMap<Long, float[]> newer = new TreeMap<>(held.tailMap(seq, false));
        held.clear();
        for (Map.Entry<Long, float[]> frame : newer.entrySet()) {
            addResidual(epoch, frame.getKey(), frame.getValue(), round);
        }
        return Outcome.REPAIRED;
    }

    /** A D-PSGD frame: the sender's x_half, replacing an older one. */
    Outcome replace(long frameEpoch, long seq, float[] model) {
        if (frameEpoch < epoch || (frameEpoch == epoch && synced && seq <= highestSeq)) {
            return Outcome.IGNORED;
        }
        System.arraycopy(model, 0, value, 0, value.length);
        epoch = frameEpoch;
        highestSeq = seq;
        synced = true;
        return Outcome.APPLIED;
    }

    /**
     * Whether to ask the sender for a keyframe in {@code round}: unsynced, or a gap open for
     * {@code window} rounds; asked at most once per window.
     */
    boolean needsKeyframe(int round, int window) {
        boolean stuck = !synced || (!missing.isEmpty() && round - missing.firstEntry().getValue() >= window);
        if (stuck && round - lastRequestRound >= window) {
            lastRequestRound = round;
            return true;
        }
        return false;
    }

    private void hold(long seq, float[] q) {
        held.put(seq, q);
        highestSeq = Math.max(highestSeq, seq);
        while (held.size() > MAX_HELD) {
            keyframeFloor = held.pollFirstEntry().getKey();
        }
    }

    private void resetUnsynced(long newEpoch) {
        keyframeFloor = newEpoch == epoch ? highestSeq : -1;
        epoch = newEpoch;
        synced = false;
        missing.clear();
        held.clear();
        if (keyframeFloor < 0) {
            highestSeq = 0;
        }
    }

    private static void add(float[] target, float[] q) {
        for (int k = 0; k < target.length; k++) {
            target[k] += q[k];
        }
    }
}
