package org.malcomedge.agent.gossip;

/**
 * Where the CHOCO/MALCOM estimates xhat start (DESIGN.md section 4 leaves it open).
 * {@link #INITIAL_MODEL} is the default: every node knows the seeded common initial model x_0, so
 * starting xhat_j = x_0 costs nothing and the first residual is one SGD step instead of the whole
 * model (with a contractive compressor the whole model takes many rounds, and many bits, to cross).
 * {@link #ZERO} is the literal form of Koloskova et al.'s Algorithm 1.
 */
public enum InitialEstimate {
    ZERO,
    INITIAL_MODEL
}
