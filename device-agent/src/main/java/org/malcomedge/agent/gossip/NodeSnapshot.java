package org.malcomedge.agent.gossip;

/**
 * What a node needs to resume after a restart (a checkpoint's content): the neighbours' estimates
 * are not kept, they are stale by the time the node is back and are repaired by keyframes.
 *
 * @param round    the last round the node finished
 * @param seq      its frame counter
 * @param model    x_i
 * @param estimate its own xhat_i (what its neighbours hold of it)
 * @param gamma    its consensus step gamma_i (auto lowers it during a run); NaN when not recorded
 */
public record NodeSnapshot(int round, long seq, float[] model, float[] estimate, double gamma) {

    /** A snapshot without a recorded gamma (older checkpoints): the node starts from its plan's. */
    public NodeSnapshot(int round, long seq, float[] model, float[] estimate) {
        this(round, seq, model, estimate, Double.NaN);
    }

    public NodeSnapshot {
        if (round < 0 || seq < 0) {
            throw new IllegalArgumentException("round and seq must be >= 0, got " + round + " and " + seq);
        }
        if (model.length != estimate.length) {
            throw new IllegalArgumentException("model and estimate differ in length: " + model.length + " and "
                    + estimate.length);
        }
    }
}
