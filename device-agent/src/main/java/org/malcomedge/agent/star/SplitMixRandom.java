package org.malcomedge.agent.star;

import java.util.random.RandomGenerator;

/**
 * {@code new java.util.SplittableRandom(seed)}'s sequence, draw for draw, with its position readable
 * and settable: a star worker's checkpoint keeps its dither generator's position, so a resumed
 * worker draws what the uninterrupted one would have drawn (SplittableRandom hides its state). Only
 * {@link #nextLong} and {@link #nextInt} are SplitMix64's own; every other draw is
 * {@link RandomGenerator}'s default built on them, as it is for SplittableRandom
 * ({@code SplitMixRandomTest} holds the two to the same sequences). Not thread-safe.
 */
public final class SplitMixRandom implements RandomGenerator {

    /** SplittableRandom's gamma for a generator made from a seed. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long position;

    public SplitMixRandom(long seed) {
        this.position = seed;
    }

    /** The state after the draws so far; {@link #moveTo} it to go on from here. */
    public long position() {
        return position;
    }

    public void moveTo(long state) {
        this.position = state;
    }

    private long nextSeed() {
        return position += GOLDEN_GAMMA;
    }

    @Override
    public long nextLong() {
        long z = nextSeed();
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        long z = nextSeed();
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
