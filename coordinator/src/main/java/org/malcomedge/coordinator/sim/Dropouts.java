package org.malcomedge.coordinator.sim;

import org.malcomedge.agent.gossip.Seeds;

/**
 * Which nodes take part in which round of a simulated fleet. An absent node neither publishes nor
 * receives; its neighbours drop its edge and renormalize the Metropolis-Hastings weights on the
 * remaining graph; when it returns it is re-admitted and estimates are repaired by keyframes.
 * Must be a pure function of its arguments (determinism).
 */
@FunctionalInterface
public interface Dropouts {

    boolean present(int node, int round);

    static Dropouts none() {
        return (node, round) -> true;
    }

    /**
     * Rounds are cut into blocks of {@code blockRounds}; in each block every node is away with
     * probability {@code fraction}, decided by a hash of (seed, node, block).
     */
    static Dropouts random(double fraction, int blockRounds, long seed) {
        if (!(fraction >= 0 && fraction < 1) || blockRounds < 1) {
            throw new IllegalArgumentException("dropout fraction must be in [0, 1) and the block >= 1 round, got "
                    + fraction + " and " + blockRounds);
        }
        return (node, round) -> {
            long h = Seeds.derive(seed, node, (round - 1) / blockRounds + Seeds.DROPOUT_BLOCKS);
            return (h >>> 11) * 0x1.0p-53 >= fraction;
        };
    }
}
