package org.malcomedge.agent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ResidualFrame;

class FrameFilterTest {

    private static final String EXP = "exp";
    private static final int D = 50;
    private final FrameFilter filter = new FrameFilter(EXP, "2", Set.of("1", "2", "3", "4"), Set.of("1", "3"), D, 4096);

    private static ResidualFrame.Builder from(String sender, long seq) {
        return TestFrames.frame(EXP, sender, seq, D, 64);
    }

    private boolean admits(ResidualFrame frame) {
        String topic = frame.getKeyframe() ? Topics.keyframe(EXP, frame.getSender()) : Topics.residual(EXP, frame.getSender());
        return admits(topic, frame.toByteArray());
    }

    private boolean admits(String topic, byte[] message) {
        return filter.admit(topic, message).isPresent();
    }

    @Test
    void admitsIntactFreshFramesOfNeighbours() {
        assertTrue(admits(from("1", 0).build()));
        assertTrue(admits(from("3", 0).build()));
        assertTrue(admits(from("1", 1).setKeyframe(true).build()));
        assertEquals(0, filter.dropped());
    }

    @Test
    void dropsAFrameAboveTheMaximumSize() {
        assertFalse(admits(TestFrames.frame(EXP, "1", 0, D, 5000).build()));
        assertEquals(Map.of(FrameDrop.OVERSIZE, 1L), filter.drops());
    }

    @Test
    void dropsWhatIsNotAFrame() {
        assertFalse(admits(Topics.residual(EXP, "1"), new byte[] {(byte) 0xff, 0x01, 0x02}));
        assertFalse(admits(Topics.residual(EXP, "1"), from("", 0).build().toByteArray()));
        assertFalse(admits(from("1", -1).build()));
        assertEquals(Map.of(FrameDrop.MALFORMED, 3L), filter.drops());
    }

    @Test
    void dropsABadCrc() {
        ResidualFrame good = from("1", 0).build();
        assertFalse(admits(good.toBuilder().setCrc32C(good.getCrc32C() ^ 1).build()));
        assertEquals(Map.of(FrameDrop.BAD_CRC, 1L), filter.drops());
        assertTrue(admits(good), "a corrupt copy must not use up the sequence number");
    }

    @Test
    void dropsAnotherExperiment() {
        assertFalse(admits(Topics.residual(EXP, "1"), TestFrames.frame("other", "1", 0, D, 64).build().toByteArray()));
        assertEquals(Map.of(FrameDrop.WRONG_EXPERIMENT, 1L), filter.drops());
    }

    @Test
    void dropsAnUnknownSender() {
        assertFalse(admits(from("9", 0).build()));
        assertEquals(Map.of(FrameDrop.UNKNOWN_SENDER, 1L), filter.drops());
    }

    @Test
    void dropsANonNeighbourAndFollowsNeighbourChanges() {
        assertFalse(admits(from("4", 0).build()));
        assertEquals(Map.of(FrameDrop.NOT_NEIGHBOUR, 1L), filter.drops());
        filter.neighbours(Set.of("1", "4"));
        assertTrue(admits(from("4", 0).build()));
        assertFalse(admits(from("3", 0).build()));
        assertEquals(2, filter.dropped(FrameDrop.NOT_NEIGHBOUR));
    }

    @Test
    void dropsAWrongDimension() {
        assertFalse(admits(TestFrames.frame(EXP, "1", 0, D + 1, 64).build()));
        assertEquals(Map.of(FrameDrop.WRONG_DIMENSION, 1L), filter.drops());
    }

    @Test
    void dropsAFrameOnAnotherNodesTopicOrTheWrongKind() {
        assertFalse(admits(Topics.residual(EXP, "3"), from("1", 0).build().toByteArray()));
        assertFalse(admits(Topics.keyframe(EXP, "1"), from("1", 0).build().toByteArray()));
        assertFalse(admits(Topics.residual(EXP, "1"), from("1", 0).setKeyframe(true).build().toByteArray()));
        assertEquals(Map.of(FrameDrop.WRONG_TOPIC, 3L), filter.drops());
    }

    @Test
    void dropsReplaysPerSenderAndEpochButTakesLateFrames() {
        assertTrue(admits(from("1", 0).build()));
        assertTrue(admits(from("1", 2).build()));
        assertTrue(admits(from("1", 1).build()), "late but new: residuals are additive");
        assertFalse(admits(from("1", 2).build()));
        assertTrue(admits(from("3", 2).build()), "sequence numbers are per sender");

        assertTrue(admits(from("1", 0).setEpoch(1).build()), "a new epoch starts a new window");
        assertFalse(admits(from("1", 0).setEpoch(1).build()));
        assertFalse(admits(from("1", 7).setEpoch(0).build()), "the old epoch is over");

        assertTrue(admits(from("1", ReplayWindow.SIZE + 10).setEpoch(1).build()));
        assertFalse(admits(from("1", 5).setEpoch(1).build()), "older than the window");
        assertEquals(Map.of(FrameDrop.REPLAYED, 4L), filter.drops());
    }

    @Test
    void judgesKeyframesByTheirEpochOnly() {
        assertTrue(admits(from("1", 3).build()));
        assertTrue(admits(from("1", 3).setKeyframe(true).build()), "a keyframe carries the seq of the last residual");
        assertTrue(admits(from("1", 3).setKeyframe(true).build()), "and is served again to the next neighbour that asks");
        assertFalse(admits(from("1", 3).build()), "residuals still count once");
        assertTrue(admits(from("1", 0).setEpoch(1).build()));
        assertFalse(admits(from("1", 3).setKeyframe(true).build()), "a keyframe of a past epoch is stale");
        assertEquals(Map.of(FrameDrop.REPLAYED, 2L), filter.drops());
    }

    @Test
    void warnsOncePerSenderAndReasonAMinute() {
        long[] now = {0};
        WarningLimiter limiter = new WarningLimiter(() -> now[0]);
        assertTrue(limiter.firstInAWhile("BAD_CRC from 1"));
        assertFalse(limiter.firstInAWhile("BAD_CRC from 1"));
        assertTrue(limiter.firstInAWhile("BAD_CRC from 3"), "per sender");
        assertTrue(limiter.firstInAWhile("WRONG_DIMENSION from 1"), "per reason");
        now[0] += WarningLimiter.INTERVAL.toNanos() - 1;
        assertFalse(limiter.firstInAWhile("BAD_CRC from 1"));
        now[0] += 1;
        assertTrue(limiter.firstInAWhile("BAD_CRC from 1"), "again after the interval");
        for (int i = 0; i < WarningLimiter.MAX_KEYS; i++) {
            limiter.firstInAWhile("MALFORMED from forged-" + i);
        }
        assertTrue(limiter.firstInAWhile("BAD_CRC from 1"), "a flood of senders makes it forget, never grow");
    }
}
