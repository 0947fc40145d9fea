package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/** First pipeline stage (DESIGN.md 3.4): which positions are sent. */
public interface Sparsifier {

    String spec();

    /** The kept positions in increasing order, or {@code null} for all of them. */
    int[] select(float[] vector, RandomGenerator random);
}
