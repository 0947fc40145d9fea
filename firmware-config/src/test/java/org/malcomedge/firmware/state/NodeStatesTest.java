package org.malcomedge.firmware.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.malcomedge.wire.NodeState;

class NodeStatesTest {

    private static NodeState state(NodeState.Status status, int epoch) {
        return NodeState.newBuilder().setNode("n1").setStatus(status).setEpoch(epoch).build();
    }

    @Test
    void theWillAfterALeaveOfTheSameEpochDoesNotOverwriteIt() {
        NodeState leave = state(NodeState.Status.LEAVE, 3);
        NodeState will = state(NodeState.Status.DEATH, 3);
        assertSame(leave, NodeStates.next(leave, will));
        assertTrue(NodeStates.isWillAfterLeave(leave, will));
    }

    @Test
    void aDeathOfAnotherEpochAfterALeaveCounts() {
        NodeState leave = state(NodeState.Status.LEAVE, 3);
        NodeState death = state(NodeState.Status.DEATH, 4); // restarted, then crashed
        assertSame(death, NodeStates.next(leave, death));
    }

    @Test
    void aBirthAlwaysCountsEvenOfTheSameOrAnEarlierEpoch() {
        NodeState leave = state(NodeState.Status.LEAVE, 3);
        NodeState sameEpoch = state(NodeState.Status.BIRTH, 3);
        NodeState afresh = state(NodeState.Status.BIRTH, 0); // checkpoint removed: epoch 0 again
        assertSame(sameEpoch, NodeStates.next(leave, sameEpoch));
        assertSame(afresh, NodeStates.next(leave, afresh));
    }

    @Test
    void aDeathAfterABirthCounts() {
        NodeState birth = state(NodeState.Status.BIRTH, 2);
        NodeState death = state(NodeState.Status.DEATH, 2);
        assertSame(death, NodeStates.next(birth, death));
        assertSame(death, NodeStates.next(null, death));
        assertFalse(NodeStates.isWillAfterLeave(null, death));
    }

    @Test
    void awayMeansLeftOrDead() {
        assertTrue(NodeStates.isAway(state(NodeState.Status.LEAVE, 0)));
        assertTrue(NodeStates.isAway(state(NodeState.Status.DEATH, 0)));
        assertFalse(NodeStates.isAway(state(NodeState.Status.BIRTH, 0)));
        assertFalse(NodeStates.isAway(null));
    }
}
