package org.malcomedge.agent.codec;

/**
 * A coder of integer {@link Levels}. Writes the common level-frame header of FORMAT.md (format
 * version and coder id in one byte, s in one byte, the segment table and one float32 step per
 * segment, padding), then the coder's body. Decodes format 1 (one step, no table) as well.
 */
abstract class LevelCoder implements Coder {

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
        out.write(FrameHeader.VERSION << 4 | coderId, 8);
        out.write(levels.s(), 8);
        TensorLayout layout = levels.layout();
        Codes.writeOmega(out, layout.segments());
        for (int segment = 0; segment < layout.segments() - 1; segment++) {
            Codes.writeOmega(out, layout.length(segment));
        }
        for (float step : levels.steps()) {
            out.writeFloat(step);
        }
        out.alignToByte();
        encodeBody(levels, out);
        return out.toByteArray();
    }

    @Override
    public final Levels decode(byte[] payload, int dimension) throws CorruptFrameException {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        BitReader in = new BitReader(payload, 0);
        int version = FrameHeader.expect(in, coderId, spec);
        int s = (int) in.read(8);
        if (s < 1) {
            throw new CorruptFrameException("level count s = 0");
        }
        TensorLayout layout = version == FrameHeader.VERSION_ONE_STEP ? TensorLayout.whole(dimension) : readLayout(in, dimension);
        float[] steps = new float[layout.segments()];
        for (int segment = 0; segment < steps.length; segment++) {
            steps[segment] = in.readFloat();
            if (!Float.isFinite(steps[segment]) || steps[segment] < 0) {
                throw new CorruptFrameException("step " + steps[segment] + " is not a finite non-negative number");
            }
        }
        if (version != FrameHeader.VERSION_ONE_STEP) {
            in.alignToByte();
        }
        int[] z = new int[dimension];
        decodeBody(in, s, z);
        return new Levels(s, layout, steps, z);
    }

    /** The segment table: omega(L), then omega of each length but the last (d minus the others). */
    private static TensorLayout readLayout(BitReader in, int dimension) throws CorruptFrameException {
        int segments = (int) Codes.readOmega(in, dimension);
        // each step takes 32 bits: checked before anything of that size is allocated
        in.requireRoom(segments, 32, "segment steps");
        int[] lengths = new int[segments];
        long assigned = 0;
        for (int segment = 0; segment < segments - 1; segment++) {
            lengths[segment] = (int) Codes.readOmega(in, dimension);
            assigned += lengths[segment];
            if (assigned > dimension - (segments - 1 - segment)) {
                throw new CorruptFrameException("segment lengths leave too few entries for " + segments + " segments of "
                        + dimension);
            }
        }
        lengths[segments - 1] = (int) (dimension - assigned);
        return TensorLayout.of(lengths);
    }

    /** A first guess at the frame size; the writer grows as needed. */
    int expectedBytes(Levels levels) {
        return levels.dimension() / 8 + 64;
    }

    abstract void encodeBody(Levels levels, BitWriter out);

    /** Fills {@code z} (all zero on entry) and checks the frame ends exactly where the body does. */
    abstract void decodeBody(BitReader in, int s, int[] z) throws CorruptFrameException;
}
