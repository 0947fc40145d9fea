package org.malcomedge.agent.codec;

/**
 * A coder of integer {@link Levels}. Writes the common level-frame header of FORMAT.md (format
 * version and coder id in one byte, s in one byte, step as float32), then the coder's body.
 */
abstract class LevelCoder implements Coder {

    static final int FORMAT_VERSION = 1;

    private final int coderId;
    private final String spec;

    LevelCoder(int coderId, String spec) {
        this.coderId = coderId;
        this.spec = spec;
    }

    @Override
    public final String spec() {
        return spec;
    }

    @Override
    public final boolean codesLevels() {
        return true;
    }

    @Override
    public final byte[] encode(Symbols symbols) {
        if (!(symbols instanceof Levels levels)) {
            throw new IllegalArgumentException("coder '" + spec + "' codes integer levels, not " + symbols.getClass().getSimpleName());
        }
        BitWriter out = new BitWriter(expectedBytes(levels));
        out.write(FORMAT_VERSION << 4 | coderId, 8);
        out.write(levels.s(), 8);
        out.writeFloat(levels.step());
        encodeBody(levels, out);
        return out.toByteArray();
    }

    @Override
    public final Levels decode(byte[] payload, int dimension) throws CorruptFrameException {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        BitReader in = new BitReader(payload, 0);
        FrameHeader.expect(in, FORMAT_VERSION, coderId, spec);
        int s = (int) in.read(8);
        if (s < 1) {
            throw new CorruptFrameException("level count s = 0");
        }
        float step = in.readFloat();
        if (!Float.isFinite(step) || step < 0) {
            throw new CorruptFrameException("step " + step + " is not a finite non-negative number");
        }
        int[] z = new int[dimension];
        decodeBody(in, s, z);
        return new Levels(dimension, s, step, z);
    }

    /** A first guess at the frame size; the writer grows as needed. */
    int expectedBytes(Levels levels) {
        return levels.dimension() / 8 + 64;
    }

    abstract void encodeBody(Levels levels, BitWriter out);

    /** Fills {@code z} (all zero on entry) and checks the frame ends exactly where the body does. */
    abstract void decodeBody(BitReader in, int s, int[] z) throws CorruptFrameException;

    static void checkRange(Levels levels) {
        int s = levels.s();
        int[] z = levels.z();
        for (int k = 0; k < z.length; k++) {
            if (z[k] > s || z[k] < -s) {
                throw new IllegalArgumentException("level z[" + k + "] = " + z[k] + " is outside -" + s + ".." + s);
            }
        }
    }
}
