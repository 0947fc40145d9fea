package org.malcomedge.agent.star;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which workers take part in each round: all of them, or (Rand-MCM's partial participation) a
 * uniformly drawn subset of {@code max(1, round(fraction * n))} workers, drawn from a seeded
 * generator one round after the other, so a run's participants depend only on the seed.
 */
public final class Participation {

    private final int workers;
    private final int perRound;
    private final SplittableRandom random;

    /**
     * @param fraction in (0, 1]; 1 means every worker every round
     */
    public Participation(int workers, double fraction, long seed) {
        if (workers < 1) {
            throw new IllegalArgumentException("participation needs at least one worker, got " + workers);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("participation fraction must be in (0, 1], got " + fraction);
        }
        this.workers = workers;
        this.perRound = Math.max(1, (int) Math.round(fraction * workers));
        this.random = new SplittableRandom(seed);
    }

    /** The next round's participants, ascending worker indices. */
    public int[] next() {
        int[] order = new int[workers];
        Arrays.setAll(order, i -> i);
        if (perRound == workers) {
            return order;
        }
        for (int i = 0; i < perRound; i++) { // partial Fisher-Yates: the first perRound of a permutation
            int j = i + random.nextInt(workers - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] chosen = Arrays.copyOf(order, perRound);
        Arrays.sort(chosen);
        return chosen;
    }
}
