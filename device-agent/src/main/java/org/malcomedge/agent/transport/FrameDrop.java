package org.malcomedge.agent.transport;

/** Why the {@link FrameFilter} dropped a received frame. */
public enum FrameDrop {
    /** Larger than the maximum frame size. */
    OVERSIZE(false),
    /** Not a ResidualFrame, or a field out of range (empty sender, negative seq). */
    MALFORMED(false),
    /** Arrived on a topic that is not the sender's own residual (or keyframe) topic. */
    WRONG_TOPIC(false),
    /** Belongs to another experiment. */
    WRONG_EXPERIMENT(false),
    /** Sender is not a node of the plan. */
    UNKNOWN_SENDER(false),
    /** Sender is a node of the plan but not (or no longer) a neighbour of this node. */
    NOT_NEIGHBOUR(false),
    /** Decoded length differs from the model's dimension. */
    WRONG_DIMENSION(false),
    /** CRC-32C of the payload does not match the frame's. */
    BAD_CRC(false),
    /**
     * A sequence number already seen from this sender in this epoch, older than the replay window,
     * or from an epoch the sender has left. QoS 1 delivers at least once, so a few are expected.
     */
    REPLAYED(true);

    private final boolean expected;

    FrameDrop(boolean expected) {
        this.expected = expected;
    }

    /** True when the protocol produces this drop in normal operation (logged at debug, not warn). */
    public boolean expected() {
        return expected;
    }
}
