package org.malcomedge.agent.codec;

import java.util.Arrays;

/**
 * A general-purpose byte compressor over the same levels (DESIGN.md 3.3, FORMAT.md "deflate",
 * "zstd"): each level as one signed byte (s <= 127) or two big-endian bytes (s > 127), all d of
 * them, compressed as one stream after the header.
 */
abstract class ByteLevelCoder extends LevelCoder {

    ByteLevelCoder(int coderId, String spec) {
        super(coderId, spec);
    }

    static int bytesPerLevel(int s) {
        return s <= 127 ? 1 : 2;
    }

    @Override
    final void encodeBody(Levels levels, BitWriter out) {
        checkRange(levels);
        int[] z = levels.z();
        int width = bytesPerLevel(levels.s());
        byte[] raw = new byte[z.length * width];
        if (width == 1) {
            for (int i = 0; i < z.length; i++) {
                raw[i] = (byte) z[i];
            }
        } else {
            for (int i = 0; i < z.length; i++) {
                raw[2 * i] = (byte) (z[i] >> 8);
                raw[2 * i + 1] = (byte) z[i];
            }
        }
        byte[] packed = compress(raw);
        out.writeBytes(packed, 0, packed.length);
    }

    @Override
    final void decodeBody(BitReader in, int s, int[] z) throws CorruptFrameException {
        int width = bytesPerLevel(s);
        if ((long) z.length * width > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("dimension " + z.length + " too large for a byte-level coder");
        }
        byte[] frame = in.bytes();
        int offset = in.bytePosition();
        byte[] raw = new byte[z.length * width];
        decompress(Arrays.copyOfRange(frame, offset, frame.length), raw);
        for (int i = 0; i < z.length; i++) {
            int v = width == 1 ? raw[i] : (short) ((raw[2 * i] << 8) | (raw[2 * i + 1] & 0xFF));
            if (v > s || v < -s) {
                throw new CorruptFrameException("level " + v + " at index " + i + " outside -" + s + ".." + s);
            }
            z[i] = v;
        }
    }

    abstract byte[] compress(byte[] raw);

    /** Fills {@code raw} exactly, or throws: too short, too long, malformed, trailing bytes. */
    abstract void decompress(byte[] packed, byte[] raw) throws CorruptFrameException;
}
