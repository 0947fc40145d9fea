package org.malcomedge.agent.codec;

/** Last pipeline stage (DESIGN.md 3.4): symbols to bytes in a published format (FORMAT.md). */
public interface Coder {

    String spec();

    /** True when this coder takes integer {@link Levels}; false when it takes {@link Floats}. */
    boolean codesLevels();

    /** @throws IllegalArgumentException for symbols of the wrong kind */
    byte[] encode(Symbols symbols);

    /** Total decoder: symbols of exactly {@code dimension} entries, or {@link CorruptFrameException}. */
    Symbols decode(byte[] payload, int dimension) throws CorruptFrameException;
}
