package org.malcomedge.agent.gossip;

import java.util.Arrays;
import org.malcomedge.agent.vector.Vectors;

/**
 * BEER's tracker on one node (DESIGN.md section 4): v_i, whose average over the nodes is the
 * average gradient, and the gradient it last took in. The update
 * {@code v <- v + gamma sum_j w_ij (g_j - g_i) + grad_i(x_new) - grad_i(x_old)} is split across the
 * round: the mixing and {@link #dropLast} in the node's finishRound, {@link #takeIn} in its prepare.
 */
final class GradientTracker {

    private final float[] v;
    private final float[] last;
    private boolean started;

    GradientTracker(int dimension) {
        this.v = new float[dimension];
        this.last = new float[dimension];
    }

    /** Whether round 1 began (before it v_i is 0 and there is no last gradient). */
    boolean started() {
        return started;
    }

    /**
     * Round 1 begins: the node took x_1 = x_0 - eta grad_i(x_0) (nothing to mix yet), and v holds
     * {@code v_0 - grad_i(x_0) = 0}, to which the first {@link #takeIn} adds grad_i(x_1).
     */
    void start() {
        started = true;
    }

    /** {@code v += grad_i(x_new)}, remembered as the last gradient. */
    void takeIn(float[] gradient) {
        Vectors.axpy(1f, gradient, v);
        System.arraycopy(gradient, 0, last, 0, v.length);
    }

    /** {@code v -= grad_i(x_old)}. */
    void dropLast() {
        Vectors.axpy(-1f, last, v);
    }

    /** v_i itself, for the steps that read or mix it. */
    float[] v() {
        return v;
    }

    /** v_i then the last gradient, for a checkpoint; empty before round 1. */
    float[] state() {
        if (!started) {
            return new float[0];
        }
        float[] both = Arrays.copyOf(v, 2 * v.length);
        System.arraycopy(last, 0, both, v.length, v.length);
        return both;
    }

    /** Back to a checkpoint's {@link #state}. */
    void restore(float[] state) {
        started = state.length > 0;
        if (started) {
            System.arraycopy(state, 0, v, 0, v.length);
            System.arraycopy(state, v.length, last, 0, v.length);
        }
    }
}
