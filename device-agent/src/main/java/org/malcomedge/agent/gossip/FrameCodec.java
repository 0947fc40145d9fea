package org.malcomedge.agent.gossip;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.CorruptFrameException;
import org.malcomedge.firmware.frames.Frames;
import org.malcomedge.wire.ResidualFrame;

/**
 * One node's residual frames (DESIGN.md 5): builds them with the node's identity and a CRC-32C of
 * the payload, and decodes what neighbours send, checking dimension, codec and CRC. Holds no
 * state of the run: the node keeps seq, round and its counters.
 *
 * <p>With gradient tracking a frame carries two vectors of d values, the model's in
 * {@code payload} and the tracker's in {@code tracker}, compressed alike (keyframes: both float32);
 * the node sees them as one vector of 2d, model first.
 */
final class FrameCodec {

    private static final byte[] EMPTY = new byte[0];

    private final String sender;
    private final String experiment;
    private final int epoch;
    private final Compressor compressor;
    /** compressor.spec(), the codec every residual frame must name. */
    private final String codec;
    private final int dimension;
    private final boolean tracking;

    FrameCodec(String sender, String experiment, int epoch, Compressor compressor, int dimension, boolean tracking) {
        this.sender = sender;
        this.experiment = experiment;
        this.epoch = epoch;
        this.compressor = compressor;
        this.codec = compressor.spec();
        this.dimension = dimension;
        this.tracking = tracking;
    }

    /**
     * A residual frame (or D-PSGD's model) holding {@code payload}, the compressor's output;
     * {@code gamma} is the announced consensus step, 0 for none.
     */
    ResidualFrame residual(byte[] payload, int round, long seq, float gamma) {
        return frame(payload, EMPTY, codec, false, round, seq, gamma);
    }

    /** A residual frame of gradient tracking: the model's and the tracker's compressed residuals. */
    ResidualFrame residual(byte[] payload, byte[] tracker, int round, long seq, float gamma) {
        return frame(payload, tracker, codec, false, round, seq, gamma);
    }

    /** A keyframe: the full estimate (with tracking, the model's d values then the tracker's), lossless. */
    ResidualFrame keyframe(float[] estimate, int round, long seq, float gamma) {
        if (!tracking) {
            return frame(Float32Payload.encode(estimate), EMPTY, Float32Payload.CODEC, true, round, seq, gamma);
        }
        return frame(Float32Payload.encode(Arrays.copyOfRange(estimate, 0, dimension)),
                Float32Payload.encode(Arrays.copyOfRange(estimate, dimension, 2 * dimension)),
                Float32Payload.CODEC, true, round, seq, gamma);
    }

    /**
     * The frame's vector (with tracking, model and tracker as one of 2d), or null when it fails a
     * check (dimension, codec, CRCs, decoding, a tracker where none belongs or none where one does).
     */
    float[] decode(ResidualFrame frame) {
        if (frame.getDimension() != dimension || !Frames.intact(frame) || frame.getTracker().isEmpty() == tracking) {
            return null;
        }
        try {
            float[] model = decode(frame, frame.getPayload().toByteArray());
            if (model == null || !tracking) {
                return model;
            }
            float[] tracker = decode(frame, frame.getTracker().toByteArray());
            if (tracker == null) {
                return null;
            }
            float[] both = Arrays.copyOf(model, 2 * dimension);
            System.arraycopy(tracker, 0, both, dimension, dimension);
            return both;
        } catch (CorruptFrameException e) {
            return null;
        }
    }

    private float[] decode(ResidualFrame frame, byte[] bytes) throws CorruptFrameException {
        if (frame.getKeyframe() && frame.getCodec().equals(Float32Payload.CODEC)) {
            return Float32Payload.decode(bytes, dimension);
        }
        if (!frame.getKeyframe() && frame.getCodec().equals(codec)) {
            return compressor.decompress(bytes, dimension);
        }
        return null;
    }

    private ResidualFrame frame(byte[] payload, byte[] tracker, String frameCodec, boolean keyframe, int round,
                                long seq, float gamma) {
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
                .setTracker(ByteString.copyFrom(tracker))
                .setTrackerCrc32C(Frames.crc32c(tracker))
                .setKeyframe(keyframe)
                .setGamma(gamma)
                .build();
    }
}
