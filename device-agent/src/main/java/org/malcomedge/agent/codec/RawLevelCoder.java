package org.malcomedge.agent.codec;

/**
 * Fixed-width levels (FORMAT.md "raw levels"): each level as {@code z+s} in ceil(log2(2s+1)) bits,
 * either for every position or, when shorter, as a list of (index, level) for the nonzeros; one bit
 * says which.
 */
final class RawLevelCoder extends LevelCoder {

    RawLevelCoder() {
        super(FrameHeader.RAW_LEVELS, "raw");
    }

    @Override
    void encodeBody(Levels levels, BitWriter out) {
        checkRange(levels);
        int[] z = levels.z();
        int d = z.length;
        int s = levels.s();
        int width = Codes.bitLength(2L * s);
        int indexWidth = Codes.indexWidth(d);
        int nonzeros = 0;
        for (int v : z) {
            nonzeros += v != 0 ? 1 : 0;
        }
        long denseBits = (long) d * width;
        long listBits = Codes.bitLength(d) + (long) nonzeros * (indexWidth + width);
        if (listBits < denseBits) {
            out.write(1, 1);
            out.write(nonzeros, Codes.bitLength(d));
            for (int i = 0; i < d; i++) {
                if (z[i] != 0) {
                    out.write(i, indexWidth);
                    out.write(z[i] + s, width);
                }
            }
        } else {
            out.write(0, 1);
            for (int v : z) {
                out.write(v + s, width);
            }
        }
    }

    @Override
    void decodeBody(BitReader in, int s, int[] z) throws CorruptFrameException {
        int d = z.length;
        int width = Codes.bitLength(2L * s);
        if (in.readBit()) {
            long count = in.read(Codes.bitLength(d));
            if (count > d) {
                throw new CorruptFrameException("list of " + count + " entries for dimension " + d);
            }
            int indexWidth = Codes.indexWidth(d);
            long previous = -1;
            for (long j = 0; j < count; j++) {
                long index = in.read(indexWidth);
                if (index <= previous || index >= d) {
                    throw new CorruptFrameException("index " + index + " after " + previous + " (dimension " + d + ")");
                }
                z[(int) index] = level(in.read(width), s);
                previous = index;
            }
        } else {
            for (int i = 0; i < d; i++) {
                z[i] = level(in.read(width), s);
            }
        }
        in.finish();
    }

    private static int level(long shifted, int s) throws CorruptFrameException {
        if (shifted > 2L * s) {
            throw new CorruptFrameException("level " + (shifted - s) + " outside -" + s + ".." + s);
        }
        return (int) shifted - s;
    }
}
