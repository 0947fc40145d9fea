package org.malcomedge.agent.gossip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.malcomedge.agent.codec.CorruptFrameException;

/**
 * Keyframe payloads: the full estimate, lossless, as d float32 values little-endian (codec string
 * {@value #CODEC}). A keyframe must restore the receiver's estimate bit for bit, so it does not go
 * through the run's (lossy) compressor.
 */
public final class Float32Payload {

    public static final String CODEC = "f32le";

    private Float32Payload() {
    }

    public static byte[] encode(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    public static float[] decode(byte[] payload, int dimension) throws CorruptFrameException {
        if (payload.length != (long) dimension * Float.BYTES) {
            throw new CorruptFrameException("keyframe of " + payload.length + " bytes does not hold "
                    + dimension + " float32 values");
        }
        float[] values = new float[dimension];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
