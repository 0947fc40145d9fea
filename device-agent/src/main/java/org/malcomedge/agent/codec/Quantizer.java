package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/** Second pipeline stage (DESIGN.md 3.4): turns the kept values into symbols. */
public interface Quantizer {

    String spec();

    /** True when the output is integer {@link Levels}; false for {@link Floats}. */
    boolean producesLevels();

    /** Number of levels s of the output (0 for float output). */
    int levels();

    /**
     * Quantizes the entries at {@code kept} ({@code null}: all); other positions become zero / dropped.
     * A quantizer with a scale takes one per segment of {@code layout} (its dimension is the vector's).
     */
    Symbols quantize(float[] vector, int[] kept, TensorLayout layout, RandomGenerator random);
}
