package org.malcomedge.agent.gossip;

/**
 * Every generator of a fleet run comes from its one seed, per node and purpose, so that the
 * simulator and a fleet of real devices given the same seed draw the same numbers.
 */
public final class Seeds {

    /** Node i's minibatch order. */
    public static final int BATCHES = 1;
    /** Node i's compressor randomness (dither, rand-k). */
    public static final int COMPRESSION = 2;
    /** The evaluation subsample of the shared test set (node {@link #FLEET}). */
    public static final int EVALUATION = 3;
    /** Star mode: who takes part in a round (node {@link #SERVER}). */
    public static final int PARTICIPATION = 4;
    /** A restarted node's new life: its generators must not repeat those of an earlier epoch. */
    public static final int RESTART = 5;
    /**
     * The training-loss subsample of the star server's central model (node {@link #FLEET}); shares
     * its number with {@link #RESTART}, which is only ever drawn for real nodes.
     */
    public static final int TRAINING_LOSS = 5;
    /** Injected frame loss at a receiver (testing only). */
    public static final int INJECTED_LOSS = 6;
    /** Simulated dropouts: purpose = this + the dropout block. */
    public static final int DROPOUT_BLOCKS = 16;

    /** The "node" of fleet-wide draws. */
    public static final int FLEET = -1;
    /** The "node" of the star server's draws. */
    public static final int SERVER = -2;

    private Seeds() {
    }

    /** A per-node, per-purpose seed (SplitMix64 finalizer over seed, node and purpose). */
    public static long derive(long seed, int node, int purpose) {
        long z = seed + 0x9E3779B97F4A7C15L * (node + 1L) + 0xD1B54A32D192ED03L * purpose;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * {@link #derive} for a node in its {@code epoch}-th life: epoch 0 is the plain derivation (what
     * the simulator uses), each restart draws from a fresh stream.
     */
    public static long derive(long seed, int node, int epoch, int purpose) {
        long base = epoch == 0 ? seed : derive(seed, epoch, RESTART);
        return derive(base, node, purpose);
    }
}
