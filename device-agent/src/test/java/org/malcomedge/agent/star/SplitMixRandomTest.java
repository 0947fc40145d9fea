package org.malcomedge.agent.star;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SplitMixRandomTest {

    /** Every kind of draw the codecs, samplers and participation make, interleaved. */
    private static String draws(RandomGenerator random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            out.append(random.nextInt(i % 97 + 1)).append(',')
                    .append(random.nextDouble()).append(',')
                    .append(random.nextInt(1 << (i % 20))).append(',')
                    .append(random.nextFloat()).append(',')
                    .append(random.nextLong()).append(',')
                    .append(random.nextInt()).append(',')
                    .append(random.nextGaussian()).append(',')
                    .append(random.nextBoolean()).append(';');
        }
        return out.toString();
    }

    @Test
    void drawsWhatSplittableRandomDraws() {
        for (long seed : new long[] {0, 7, -3, Long.MAX_VALUE}) {
            assertEquals(draws(new SplittableRandom(seed)), draws(new SplitMixRandom(seed)), "seed " + seed);
        }
    }

    @Test
    void goesOnFromASavedPosition() {
        SplitMixRandom uninterrupted = new SplitMixRandom(11);
        draws(uninterrupted);
        SplitMixRandom resumed = new SplitMixRandom(99);
        resumed.moveTo(uninterrupted.position());
        assertEquals(draws(uninterrupted), draws(resumed));
    }
}
