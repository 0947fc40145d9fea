package org.malcomedge.agent.transport;

import com.google.protobuf.ByteString;
import java.util.Random;
import org.malcomedge.firmware.frames.Frames;
import org.malcomedge.wire.ResidualFrame;

/** Test support: well-formed residual frames with a random payload and a correct CRC-32C. */
public final class TestFrames {

    private TestFrames() {
    }

    public static ResidualFrame.Builder frame(String experiment, String sender, long seq, int dimension, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        new Random(seq * 31 + sender.hashCode()).nextBytes(payload);
        return ResidualFrame.newBuilder()
                .setExperiment(experiment)
                .setSender(sender)
                .setRound(seq)
                .setSeq(seq)
                .setEpoch(0)
                .setCodec("dense")
                .setDimension(dimension)
                .setPayload(ByteString.copyFrom(payload))
                .setCrc32C(Frames.crc32c(payload));
    }

    /** A received frame; a test fails on anything that is not one. */
    public static ResidualFrame parse(byte[] payload) {
        try {
            return ResidualFrame.parseFrom(payload);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("not a ResidualFrame: " + e.getMessage(), e);
        }
    }
}
