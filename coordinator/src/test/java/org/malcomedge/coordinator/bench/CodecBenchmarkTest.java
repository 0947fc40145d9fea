package org.malcomedge.coordinator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.malcomedge.agent.codec.Levels;

class CodecBenchmarkTest {

    @Test
    void entropyBoundIsEmpiricalEntropyTimesDimensionPlusTheStep() {
        // p = (1/2, 1/4, 1/4): H = 1.5 bits
        Levels levels = new Levels(8, 1, 1f, new int[] {0, 0, 0, 0, 1, 1, -1, -1});
        assertEquals(8 * 1.5 + 32, CodecBenchmark.entropyBoundBits(levels), 1e-9);
        assertEquals(32, CodecBenchmark.entropyBoundBits(new Levels(5, 3, 1f, new int[5])), 1e-9);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2, CodecBenchmark.median(new double[] {3, 1, 2}));
        assertEquals(2.5, CodecBenchmark.median(new double[] {4, 1, 2, 3}));
    }
}
