package org.malcomedge.agent.codec;

/**
 * QSGD's Elias coding (Alistarh et al.; DESIGN.md 3.3, FORMAT.md "elias"): the number of nonzeros,
 * then for each nonzero its gap from the previous one, a sign bit and its magnitude, all
 * Elias-omega.
 */
final class EliasCoder extends LevelCoder {

    EliasCoder() {
        super(FrameHeader.ELIAS, "elias");
    }

    @Override
    void encodeBody(Levels levels, BitWriter out) {
        checkRange(levels);
        int[] z = levels.z();
        int nonzeros = 0;
        for (int v : z) {
            nonzeros += v != 0 ? 1 : 0;
        }
        Codes.writeOmega(out, nonzeros + 1L);
        int previous = -1;
        for (int i = 0; i < z.length; i++) {
            int v = z[i];
            if (v != 0) {
                Codes.writeOmega(out, i - previous);
                out.write(v < 0 ? 1 : 0, 1);
                Codes.writeOmega(out, Math.abs(v));
                previous = i;
            }
        }
    }

    @Override
    void decodeBody(BitReader in, int s, int[] z) throws CorruptFrameException {
        int d = z.length;
        int nonzeros = (int) Codes.readOmega(in, d + 1L) - 1;
        int previous = -1;
        for (int j = 0; j < nonzeros; j++) {
            // leave room for the nonzeros still to come
            int position = previous + (int) Codes.readOmega(in, d - (nonzeros - j) - previous);
            boolean negative = in.readBit();
            int magnitude = (int) Codes.readOmega(in, s);
            z[position] = negative ? -magnitude : magnitude;
            previous = position;
        }
        in.finish();
    }
}
