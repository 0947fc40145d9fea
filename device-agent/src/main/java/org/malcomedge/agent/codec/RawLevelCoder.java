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
        Histogram histogram = Histogram.of(levels);
        int nonzeros = histogram.nonzeros;
        int[] z = levels.z();
        int d = z.length;
        int s = levels.s();
        int width = Codes.bitLength(2L * s);
        int indexWidth = Codes.indexWidth(d);
        long denseBits = (long) d * width;
        long listBits = Codes.bitLength(d) + (long) nonzeros * (indexWidth + width);
        if (listBits < denseBits) {
            out.write(1, 1);
            out.write(nonzeros, Codes.bitLength(d));
            for (int j = 0; j < nonzeros; j++) {
                int i = histogram.nonzeroPositions[j];
                out.write(i, indexWidth);
                out.write(z[i] + s, width);
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
            int count = Codes.readListCount(in, d, width);
            int previous = -1;
            for (int j = 0; j < count; j++) {
                int index = Codes.readListIndex(in, previous, d);
                z[index] = level(in.read(width), s);
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
