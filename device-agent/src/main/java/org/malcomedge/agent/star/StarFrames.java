package org.malcomedge.agent.star;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.malcomedge.agent.transport.TransportException;
import org.malcomedge.firmware.frames.Frames;
import org.malcomedge.wire.ResidualFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A star's messages as {@link ResidualFrame}s (DESIGN.md section 5, MCM star mode), one format for
 * the simulator, the coordinator's server and the devices' workers, so that a real star's frame
 * bytes equal the simulated star's: seq is the round (one message per sender and round), epoch 0.
 */
public final class StarFrames {

    private static final Logger log = LoggerFactory.getLogger(StarFrames.class);

    /** The sender id of the server's frames (and the node id of its rows in a run folder). */
    public static final String SERVER = "server";

    private StarFrames() {
    }

    public static ResidualFrame frame(String experiment, String sender, long round, String codec, int dimension,
            byte[] payload) {
        return ResidualFrame.newBuilder()
                .setExperiment(experiment)
                .setSender(sender)
                .setRound(round)
                .setSeq(round)
                .setCodec(codec)
                .setDimension(dimension)
                .setPayload(ByteString.copyFrom(payload))
                .setCrc32C(Frames.crc32c(payload))
                .build();
    }

    /**
     * The payload of a received frame, after checking it is in the codec and dimension this run uses.
     *
     * @throws TransportException naming the sender, the round and what differs
     */
    public static byte[] payload(ResidualFrame frame, String codec, int dimension) {
        if (!frame.getCodec().equals(codec) || frame.getDimension() != dimension) {
            throw new TransportException("frame of " + frame.getSender() + " in round " + frame.getRound() + " is "
                    + frame.getCodec() + " of dimension " + frame.getDimension() + ", expected " + codec + " of "
                    + dimension);
        }
        return frame.getPayload().toByteArray();
    }

    /**
     * The frame in an MQTT message if it is an intact frame of {@code experiment} from {@code sender}
     * (the one its topic names); otherwise empty, and the drop is logged: the receiver then times out
     * naming what it waited for.
     */
    public static Optional<ResidualFrame> admit(String receiver, String experiment, String sender, String topic,
            byte[] message) {
        ResidualFrame frame;
        try {
            frame = ResidualFrame.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            log.warn("{}: dropped a message on {} that is not a ResidualFrame: {}", receiver, topic, e.getMessage());
            return Optional.empty();
        }
        if (!frame.getExperiment().equals(experiment) || !frame.getSender().equals(sender) || !Frames.intact(frame)) {
            log.warn("{}: dropped a frame on {} from '{}' in '{}' (expected '{}' in '{}', or a bad checksum)", receiver,
                    topic, frame.getSender(), frame.getExperiment(), sender, experiment);
            return Optional.empty();
        }
        return Optional.of(frame);
    }
}
