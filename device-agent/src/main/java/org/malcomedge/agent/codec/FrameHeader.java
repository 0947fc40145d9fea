package org.malcomedge.agent.codec;

/** The first byte of every frame: format version (high nibble) and coder id (low nibble). */
final class FrameHeader {

    static final int RAW_FLOATS = 0;
    static final int RAW_LEVELS = 1;
    static final int VSC = 2;
    static final int RANGE = 3;
    static final int ELIAS = 4;
    static final int DEFLATE = 5;
    static final int ZSTD = 6;

    private FrameHeader() {
    }

    static void expect(BitReader in, int version, int coderId, String spec) throws CorruptFrameException {
        int first = (int) in.read(8);
        if (first >>> 4 != version) {
            throw new CorruptFrameException("format version " + (first >>> 4) + ", expected " + version);
        }
        if ((first & 15) != coderId) {
            throw new CorruptFrameException("frame of coder id " + (first & 15) + ", expected " + coderId + " (" + spec + ")");
        }
    }
}
