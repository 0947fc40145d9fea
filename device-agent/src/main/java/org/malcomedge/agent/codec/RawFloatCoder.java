package org.malcomedge.agent.codec;

import java.nio.ByteBuffer;

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
        if (positions == null) {
            byte[] frame = new byte[2 + 4 * d];
            frame[0] = (byte) (FrameHeader.VERSION << 4 | FrameHeader.RAW_FLOATS);
            // byte 1 (layout 0) is already zero; big-endian float32 values follow
            ByteBuffer.wrap(frame, 2, 4 * d).asFloatBuffer().put(values);
            return frame;
        }
        BitWriter out = new BitWriter(values.length * 5 + 16);
        out.write(FrameHeader.VERSION << 4 | FrameHeader.RAW_FLOATS, 8);
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
        return out.toByteArray();
    }

    @Override
    public Floats decode(byte[] payload, int dimension) throws CorruptFrameException {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        BitReader in = new BitReader(payload, 0);
        FrameHeader.expect(in, FrameHeader.RAW_FLOATS, "raw"); // versions 1 and 2 agree here
        int layout = (int) in.read(8);
        if (layout == 0) {
            // fixed length, checked before allocating; no bit reading needed
            if ((long) dimension * 4 + 2 != payload.length) {
                throw new CorruptFrameException("dense frame of " + payload.length + " bytes for dimension " + dimension);
            }
            float[] values = new float[dimension];
            ByteBuffer.wrap(payload, 2, 4 * dimension).asFloatBuffer().get(values);
            for (int i = 0; i < dimension; i++) {
                finite(values[i], i);
            }
            return new Floats(dimension, null, values);
        }
        if (layout != 1) {
            throw new CorruptFrameException("unknown raw float layout " + layout);
        }
        int count = Codes.readListCount(in, dimension, 32);
        int[] positions = new int[count];
        float[] values = new float[count];
        int previous = -1;
        for (int j = 0; j < count; j++) {
            positions[j] = Codes.readListIndex(in, previous, dimension);
            values[j] = finite(in.readFloat(), positions[j]);
            previous = positions[j];
        }
        in.finish();
        return new Floats(dimension, positions, values);
    }

    private static float finite(float value, long index) throws CorruptFrameException {
        if (!Float.isFinite(value)) {
            throw new CorruptFrameException("value at index " + index + " is " + value);
        }
        return value;
    }
}
