package org.malcomedge.agent.codec;

/** What a quantizer hands to a coder: integer {@link Levels} or float32 {@link Floats}. */
public sealed interface Symbols permits Levels, Floats {

    int dimension();

    /** The reconstructed vector the receiver uses (dequantized, dropped positions zero). */
    float[] toVector();
}
