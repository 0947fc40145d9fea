package org.malcomedge.agent.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.CorruptFrameException;

/**
 * Test twin: a deterministic lossy contractive compressor. Keeps the ceil(fraction * d) entries of
 * largest magnitude (ties to the lower index) as (int index, float value) pairs, zeroes the rest:
 * ||C(v) - v||^2 <= (1 - k/d) ||v||^2.
 */
public final class TopKCompressor implements Compressor {

    private final double fraction;

    public TopKCompressor(double fraction) {
        this.fraction = fraction;
    }

    @Override
    public String spec() {
        return "twin-topk:" + fraction;
    }

    @Override
    public byte[] compress(float[] vector, RandomGenerator random) {
        int k = (int) Math.ceil(fraction * vector.length);
        Integer[] order = new Integer[vector.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> {
            int byMagnitude = Float.compare(Math.abs(vector[b]), Math.abs(vector[a]));
            return byMagnitude != 0 ? byMagnitude : Integer.compare(a, b);
        });
        ByteBuffer buffer = ByteBuffer.allocate(k * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < k; r++) {
            buffer.putInt(order[r]).putFloat(vector[order[r]]);
        }
        return buffer.array();
    }

    @Override
    public float[] decompress(byte[] payload, int dimension) throws CorruptFrameException {
        if (payload.length % 8 != 0 || payload.length / 8 > dimension) {
            throw new CorruptFrameException("twin-topk: bad payload length " + payload.length);
        }
        float[] v = new float[dimension];
        ByteBuffer buffer = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            int index = buffer.getInt();
            if (index < 0 || index >= dimension) {
                throw new CorruptFrameException("twin-topk: index " + index + " outside " + dimension);
            }
            v[index] = buffer.getFloat();
        }
        return v;
    }
}
