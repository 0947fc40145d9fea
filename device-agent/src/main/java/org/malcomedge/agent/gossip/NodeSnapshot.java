package org.malcomedge.agent.gossip;

/**
 * What a node needs to resume after a restart (a checkpoint's content): the neighbours' estimates
 * are not kept, they are stale by the time the node is back and are repaired by keyframes.
 *
 * @param round    the last round the node finished
 * @param seq      its frame counter
 * @param model    x_i
 * @param estimate its own xhat_i (what its neighbours hold of it); with gradient tracking h_i then
 *                 g_i, twice the model's length
 * @param gamma    its consensus step gamma_i (auto lowers it during a run); NaN when not recorded
 * @param tracker  gradient tracking: v_i then the last gradient, twice the model's length, or
 *                 empty before the first round (and for the other algorithms)
 * @param momentum the local step's momentum buffer (m or mhat, the model's length), or empty without momentum
 */
public record NodeSnapshot(int round, long seq, float[] model, float[] estimate, double gamma, float[] tracker,
        float[] momentum) {

    private static final float[] NONE = new float[0];

    /** A snapshot without momentum. */
    public NodeSnapshot(int round, long seq, float[] model, float[] estimate, double gamma, float[] tracker) {
        this(round, seq, model, estimate, gamma, tracker, NONE);
    }

    /** A snapshot without gradient tracking. */
    public NodeSnapshot(int round, long seq, float[] model, float[] estimate, double gamma) {
        this(round, seq, model, estimate, gamma, NONE);
    }

    /** A snapshot without a recorded gamma (older checkpoints): the node starts from its plan's. */
    public NodeSnapshot(int round, long seq, float[] model, float[] estimate) {
        this(round, seq, model, estimate, Double.NaN);
    }

    public NodeSnapshot {
        if (round < 0 || seq < 0) {
            throw new IllegalArgumentException("round and seq must be >= 0, got " + round + " and " + seq);
        }
        if (estimate.length != model.length && estimate.length != 2 * model.length) {
            throw new IllegalArgumentException("the estimate holds " + estimate.length + " values, the model "
                    + model.length + " (expected as many, or twice as many with gradient tracking)");
        }
        if (tracker.length != 0 && (tracker.length != 2 * model.length || estimate.length != 2 * model.length)) {
            throw new IllegalArgumentException("a tracker of " + tracker.length + " values for a model of "
                    + model.length + " and an estimate of " + estimate.length);
        }
        if (momentum.length != 0 && momentum.length != model.length) {
            throw new IllegalArgumentException("a momentum buffer of " + momentum.length + " values for a model of "
                    + model.length);
        }
    }

    /** Whether the node tracks the gradient (its estimate holds g_i beside h_i). */
    public boolean tracking() {
        return estimate.length == 2 * model.length && model.length > 0;
    }
}
