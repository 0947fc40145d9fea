package org.malcomedge.agent.gossip;

import com.google.protobuf.ByteString;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.CorruptFrameException;
import org.malcomedge.firmware.frames.Frames;
import org.malcomedge.wire.ResidualFrame;

/**
 * One node's residual frames (DESIGN.md 5): builds them with the node's identity and a CRC-32C of
 * the payload, and decodes what neighbours send, checking dimension, codec and CRC. Holds no
 * state of the run: the node keeps seq, round and its counters.
 */
final class FrameCodec {

    private final String sender;
    private final String experiment;
    private final int epoch;
    private final Compressor compressor;
    /** compressor.spec(), the codec every residual frame must name. */
    private final String codec;
    private final int dimension;

    FrameCodec(String sender, String experiment, int epoch, Compressor compressor, int dimension) {
        this.sender = sender;
        this.experiment = experiment;
        this.epoch = epoch;
        this.compressor = compressor;
        this.codec = compressor.spec();
        this.dimension = dimension;
    }

    /**
     * A residual frame (or D-PSGD's model) holding {@code payload}, the compressor's output;
     * {@code gamma} is the announced consensus step, 0 for none.
     */
    ResidualFrame residual(byte[] payload, int round, long seq, float gamma) {
        return frame(payload, codec, false, round, seq, gamma);
    }

    /** A keyframe: the full estimate, lossless. */
    ResidualFrame keyframe(float[] estimate, int round, long seq, float gamma) {
        return frame(Float32Payload.encode(estimate), Float32Payload.CODEC, true, round, seq, gamma);
    }

    /** The frame's vector, or null when it fails a check (dimension, codec, CRC, decoding). */
    float[] decode(ResidualFrame frame) {
        byte[] payload = frame.getPayload().toByteArray();
        if (frame.getDimension() != dimension || Frames.crc32c(payload) != frame.getCrc32C()) {
            return null;
        }
        try {
            if (frame.getKeyframe() && frame.getCodec().equals(Float32Payload.CODEC)) {
                return Float32Payload.decode(payload, dimension);
            }
            if (!frame.getKeyframe() && frame.getCodec().equals(codec)) {
                return compressor.decompress(payload, dimension);
            }
            return null;
        } catch (CorruptFrameException e) {
            return null;
        }
    }

    private ResidualFrame frame(byte[] payload, String frameCodec, boolean keyframe, int round, long seq, float gamma) {
        return ResidualFrame.newBuilder()
                .setExperiment(experiment)
                .setSender(sender)
                .setRound(round)
                .setSeq(seq)
                .setEpoch(epoch)
                .setCodec(frameCodec)
                .setDimension(dimension)
                .setPayload(ByteString.copyFrom(payload))
                .setCrc32C(Frames.crc32c(payload))
                .setKeyframe(keyframe)
                .setGamma(gamma)
                .build();
    }
}
