package org.malcomedge.agent.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.CorruptFrameException;

/**
 * Test twin: a deterministic lossy contractive compressor. Keeps the ceil(fraction * d) entries of
 * largest magnitude (ties to the lower indices) as (int index, float value) pairs, zeroes the rest:
 * ||C(v) - v||^2 <= (1 - k/d) ||v||^2.
 */
public final class TopKCompressor implements Compressor {

    private final double fraction;
    private final String spec;

    public TopKCompressor(double fraction) {
        this.fraction = fraction;
        this.spec = "twin-topk:" + fraction;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public byte[] compress(float[] vector, RandomGenerator random) {
        int k = (int) Math.ceil(fraction * vector.length);
        float[] magnitudes = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            magnitudes[i] = Math.abs(vector[i]);
        }
        Arrays.sort(magnitudes);
        float threshold = magnitudes[vector.length - k];
        int above = 0;
        for (float m : magnitudes) {
            above += m > threshold ? 1 : 0;
        }
        int ties = k - above; // entries equal to the threshold that still fit, lowest index first
        ByteBuffer buffer = ByteBuffer.allocate(k * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < vector.length; i++) {
            float m = Math.abs(vector[i]);
            if (m > threshold || (m == threshold && ties-- > 0)) {
                buffer.putInt(i).putFloat(vector[i]);
            }
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
