package org.malcomedge.agent.gossip;

import org.malcomedge.agent.vector.Vectors;

/**
 * Momentum on one node's local step, {@code beta} in [0, 1) (0: none, the plain step
 * {@code x -= eta d} on the local direction d, the gradient or BEER's tracker v_i):
 * <ul>
 *   <li>{@link MomentumSpec.Kind#HEAVY_BALL} (DSGDm): {@code m = beta m + d}, {@code x -= eta m}. Under label
 *       skew m accumulates the node's own, biased direction.</li>
 *   <li>{@link MomentumSpec.Kind#QUASI_GLOBAL} (QG-DSGDm, Lin et al. 2021): {@code x -= eta (beta mhat + d)}, and
 *       once the round is done (consensus step and prox included)
 *       {@code mhat = beta mhat + (1 - beta) (x_start - x_end) / (eta H)}: the buffer follows how the
 *       model actually moved, which gossip pulls towards the fleet's direction, not the local
 *       gradient alone.</li>
 * </ul>
 * The buffer is state: a checkpoint keeps it ({@link #state}).
 */
final class Momentum {

    private final MomentumSpec.Kind kind;
    private final float beta;
    /** m (heavy-ball) or mhat (quasi-global); null without momentum. */
    private final float[] buffer;
    /** Quasi-global only: x when the round began. */
    private final float[] start;

    Momentum(MomentumSpec spec, int dimension) {
        this.kind = spec.kind();
        this.beta = (float) spec.beta();
        this.buffer = spec.isNone() ? null : new float[dimension];
        this.start = !spec.isNone() && kind == MomentumSpec.Kind.QUASI_GLOBAL ? new float[dimension] : null;
    }

    /** {@code x -= eta * direction}, the direction being d itself without momentum. */
    void step(float[] x, float[] local, float eta) {
        if (buffer == null) {
            Vectors.axpy(-eta, local, x);
        } else if (kind == MomentumSpec.Kind.HEAVY_BALL) {
            for (int k = 0; k < buffer.length; k++) {
                buffer[k] = beta * buffer[k] + local[k];
            }
            Vectors.axpy(-eta, buffer, x);
        } else {
            Vectors.axpy(-eta * beta, buffer, x);
            Vectors.axpy(-eta, local, x);
        }
    }

    /** The round begins at x (quasi-global remembers it). */
    void roundStarts(float[] x) {
        if (start != null) {
            System.arraycopy(x, 0, start, 0, x.length);
        }
    }

    /**
     * The round ended at x after local steps of total length {@code stepLength} (eta H): quasi-global
     * folds the round's move into mhat. A zero step length moves nothing to learn from.
     */
    void roundEnds(float[] x, double stepLength) {
        if (start == null || !(stepLength > 0)) {
            return;
        }
        float keep = beta;
        float take = (float) ((1 - beta) / stepLength);
        for (int k = 0; k < buffer.length; k++) {
            buffer[k] = keep * buffer[k] + take * (start[k] - x[k]);
        }
    }

    /** The buffer for a checkpoint; empty without momentum. */
    float[] state() {
        return buffer == null ? new float[0] : buffer.clone();
    }

    /** Back to a checkpoint's {@link #state}; one of the wrong length (other momentum settings) is refused. */
    void restore(float[] state) {
        int expected = buffer == null ? 0 : buffer.length;
        if (state.length != expected) {
            throw new IllegalArgumentException("a checkpoint with a momentum buffer of " + state.length
                    + " values, the node's momentum keeps " + expected);
        }
        if (buffer != null) {
            System.arraycopy(state, 0, buffer, 0, buffer.length);
        }
    }
}
