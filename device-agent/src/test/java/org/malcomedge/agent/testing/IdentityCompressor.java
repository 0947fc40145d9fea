package org.malcomedge.agent.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.random.RandomGenerator;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.CorruptFrameException;

/** Test twin: C(v) = v, as float32 little-endian. */
public final class IdentityCompressor implements Compressor {

    @Override
    public String spec() {
        return "twin-identity";
    }

    @Override
    public byte[] compress(float[] vector, RandomGenerator random) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    @Override
    public float[] decompress(byte[] payload, int dimension) throws CorruptFrameException {
        if (payload.length != dimension * 4) {
            throw new CorruptFrameException("twin-identity: " + payload.length + " bytes for " + dimension + " floats");
        }
        float[] v = new float[dimension];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
