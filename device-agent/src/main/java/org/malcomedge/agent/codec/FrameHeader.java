package org.malcomedge.agent.codec;

/** The first byte of every frame: format version (high nibble) and coder id (low nibble). */
final class FrameHeader {

    /** The format encoders write: level frames carry a segment table and one step per segment. */
    static final int VERSION = 2;
    /** Frames before per-segment steps: one step for the whole vector. Still decoded. */
    static final int VERSION_ONE_STEP = 1;

    static final int RAW_FLOATS = 0;
    static final int RAW_LEVELS = 1;
    static final int VSC = 2;
    static final int RANGE = 3;
    static final int ELIAS = 4;
    static final int DEFLATE = 5;
    static final int ZSTD = 6;

    private FrameHeader() {
    }

    /** Reads the first byte and returns the format version, 1 or 2; anything else is corrupt. */
    static int expect(BitReader in, int coderId, String spec) throws CorruptFrameException {
        int first = (int) in.read(8);
        int version = first >>> 4;
        if (version != VERSION && version != VERSION_ONE_STEP) {
            throw new CorruptFrameException("format version " + version + ", expected "
                    + VERSION_ONE_STEP + " or " + VERSION);
        }
        if ((first & 15) != coderId) {
            throw new CorruptFrameException("frame of coder id " + (first & 15) + ", expected " + coderId + " (" + spec + ")");
        }
        return version;
    }
}
