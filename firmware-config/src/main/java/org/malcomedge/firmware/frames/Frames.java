package org.malcomedge.firmware.frames;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.zip.CRC32C;
import org.malcomedge.wire.ResidualFrame;

/**
 * What every {@code ResidualFrame} carries beside its payload, in one place below the gossip step,
 * the transports and star mode: the payload's CRC-32C (the sender's {@code crc32c} field, the
 * receiver's check) and the order in which a receiver applies a batch of frames.
 */
public final class Frames {

    /**
     * The order in which a receiver applies a batch of frames, whatever order they travelled in:
     * by sender, epoch, seq, a keyframe after the residual of the same seq. Simulated fleets use it
     * so that every transport gives the same numbers for the same seed.
     */
    public static final Comparator<ResidualFrame> DELIVERY_ORDER = Comparator.comparing(ResidualFrame::getSender)
            .thenComparingInt(ResidualFrame::getEpoch)
            .thenComparingLong(ResidualFrame::getSeq)
            .thenComparing(ResidualFrame::getKeyframe);

    private Frames() {
    }

    /** CRC-32C (Castagnoli) of a frame payload, as carried in {@code ResidualFrame.crc32c}. */
    public static int crc32c(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** True when the frame's checksums match its payload and its tracker's (gradient tracking). */
    public static boolean intact(ResidualFrame frame) {
        return crc32c(frame.getPayload().asReadOnlyByteBuffer()) == frame.getCrc32C()
                && crc32c(frame.getTracker().asReadOnlyByteBuffer()) == frame.getTrackerCrc32C();
    }

    private static int crc32c(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
