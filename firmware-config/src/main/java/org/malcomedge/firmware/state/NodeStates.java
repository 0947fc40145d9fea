package org.malcomedge.firmware.state;

import org.malcomedge.wire.NodeState;

/**
 * How the messages on a node's state topic add up to what the node is (DESIGN.md section 5: birth
 * on connect, death as the MQTT will, leave before a clean disconnect). Every reader of state
 * topics (the agents' view of their neighbours, the coordinator) applies the same rule:
 *
 * <p><b>A LEAVE is the node's last word in its epoch.</b> A node publishes LEAVE and then
 * disconnects; the broker discards the will only if it processes that DISCONNECT. When the
 * DISCONNECT is lost or comes too late (the socket reset first, the broker busy, a cable pulled
 * between the two) the broker publishes the DEATH will after the LEAVE, and the retained state
 * ends as DEATH. The will is made at connect time with the same epoch as the LEAVE, so a DEATH of
 * the epoch a LEAVE already closed is that echo, not news: it does not overwrite the LEAVE.
 * A BIRTH always counts, of any epoch: a node restarted without its checkpoint starts again at
 * epoch 0, and must be admitted again.
 */
public final class NodeStates {

    private NodeStates() {
    }

    /**
     * The state to hold for a node after {@code incoming} arrives where {@code held} was held.
     *
     * @param held     the state held so far, or null when none was heard yet
     * @param incoming the state just received for the same node
     */
    public static NodeState next(NodeState held, NodeState incoming) {
        return isWillAfterLeave(held, incoming) ? held : incoming;
    }

    /** Whether {@code incoming} is the broker's will echoing a connection that {@code held}'s LEAVE already closed. */
    public static boolean isWillAfterLeave(NodeState held, NodeState incoming) {
        return held != null
                && held.getStatus() == NodeState.Status.LEAVE
                && incoming.getStatus() == NodeState.Status.DEATH
                && incoming.getEpoch() == held.getEpoch();
    }

    /** Whether the node is away for good in its epoch or for now: it left or died. */
    public static boolean isAway(NodeState state) {
        return state != null
                && (state.getStatus() == NodeState.Status.LEAVE || state.getStatus() == NodeState.Status.DEATH);
    }
}
