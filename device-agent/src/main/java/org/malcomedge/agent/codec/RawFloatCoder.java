package org.malcomedge.agent.codec;

/**
 * Float32 values (FORMAT.md "raw floats"): all d values, or, after a sparsifier, the count and
 * (index in ceil(log2 d) bits, float32) per kept position: the accounting of dense D-PSGD and of
 * published top-k / rand-k.
 */
final class RawFloatCoder implements Coder {

    @Override
    public String spec() {
        return "raw";
    }

    @Override
    public boolean codesLevels() {
        return false;
    }

    @Override
    public byte[] encode(Symbols symbols) {
        if (!(symbols instanceof Floats floats)) {
            throw new IllegalArgumentException("raw float coder codes float32 values, not " + symbols.getClass().getSimpleName());
        }
        int d = floats.dimension();
        int[] positions = floats.positions();
        float[] values = floats.values();
        BitWriter out = new BitWriter(values.length * 5 + 16);
        out.write(LevelCoder.FORMAT_VERSION << 4 | FrameHeader.RAW_FLOATS, 8);
        if (positions == null) {
            out.write(0, 8);
            for (float value : values) {
                out.writeFloat(value);
            }
        } else {
            out.write(1, 8);
            out.write(positions.length, Codes.bitLength(d));
            int indexWidth = Codes.indexWidth(d);
            int previous = -1;
            for (int i = 0; i < positions.length; i++) {
                if (positions[i] <= previous || positions[i] >= d) {
                    throw new IllegalArgumentException("kept position " + positions[i] + " after " + previous + " (dimension " + d + ")");
                }
                out.write(positions[i], indexWidth);
                out.writeFloat(values[i]);
                previous = positions[i];
            }
        }
        return out.toByteArray();
    }

    @Override
    public Floats decode(byte[] payload, int dimension) throws CorruptFrameException {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        BitReader in = new BitReader(payload, 0);
        FrameHeader.expect(in, LevelCoder.FORMAT_VERSION, FrameHeader.RAW_FLOATS, "raw");
        int layout = (int) in.read(8);
        Floats floats;
        if (layout == 0) {
            if ((long) dimension * 4 + 2 != payload.length) {
                throw new CorruptFrameException("dense frame of " + payload.length + " bytes for dimension " + dimension);
            }
            float[] values = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                values[i] = finite(in.readFloat(), i);
            }
            floats = new Floats(dimension, null, values);
        } else if (layout == 1) {
            long count = in.read(Codes.bitLength(dimension));
            if (count > dimension) {
                throw new CorruptFrameException("list of " + count + " entries for dimension " + dimension);
            }
            int indexWidth = Codes.indexWidth(dimension);
            int[] positions = new int[(int) count];
            float[] values = new float[(int) count];
            long previous = -1;
            for (int j = 0; j < count; j++) {
                long index = in.read(indexWidth);
                if (index <= previous || index >= dimension) {
                    throw new CorruptFrameException("index " + index + " after " + previous + " (dimension " + dimension + ")");
                }
                positions[j] = (int) index;
                values[j] = finite(in.readFloat(), index);
                previous = index;
            }
            floats = new Floats(dimension, positions, values);
        } else {
            throw new CorruptFrameException("unknown raw float layout " + layout);
        }
        in.finish();
        return floats;
    }

    private static float finite(float value, long index) throws CorruptFrameException {
        if (!Float.isFinite(value)) {
            throw new CorruptFrameException("value at index " + index + " is " + value);
        }
        return value;
    }
}
