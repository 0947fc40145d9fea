package org.malcomedge.agent.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.malcomedge.agent.gossip.NeighbourEstimate.Outcome;

/** Integer-valued vectors, so float sums are exact whatever the order. */
class NeighbourEstimateTest {

    private static float[] q(int seq) {
        return new float[] {seq, 10 * seq};
    }

    /** The sender's estimate after frames 1..seq, from start 0. */
    private static float[] sum(int seq) {
        float[] v = new float[2];
        for (int s = 1; s <= seq; s++) {
            v[0] += q(s)[0];
            v[1] += q(s)[1];
        }
        return v;
    }

    private static NeighbourEstimate fresh() {
        return NeighbourEstimate.synced(new float[2]);
    }

    @Test
    void framesAddUpAndDuplicatesAreIgnored() {
        NeighbourEstimate e = fresh();
        assertEquals(Outcome.APPLIED, e.addResidual(0, 1, q(1), 1));
        assertEquals(Outcome.APPLIED, e.addResidual(0, 2, q(2), 2));
        assertEquals(Outcome.IGNORED, e.addResidual(0, 2, q(2), 2));
        assertEquals(Outcome.IGNORED, e.addResidual(0, 1, q(1), 2));
        assertArrayEquals(sum(2), e.value());
    }

    @Test
    void aKeyframeForTheMissingFrameCompletesTheHeldOnes() {
        NeighbourEstimate e = fresh();
        e.addResidual(0, 1, q(1), 1);
        e.addResidual(0, 3, q(3), 3); // 2 missing
        e.addResidual(0, 4, q(4), 4);
        assertEquals(Outcome.REPAIRED, e.applyKeyframe(0, 2, sum(2), 4));
        assertArrayEquals(sum(4), e.value());
        assertEquals(Outcome.IGNORED, e.addResidual(0, 2, q(2), 5), "covered by the keyframe");
        assertArrayEquals(sum(4), e.value());
        assertFalse(e.needsKeyframe(9, 2));
    }

    @Test
    void aKeyframeOlderThanTheGapLeavesItOpenUntilTheLateFrame() {
        NeighbourEstimate e = fresh();
        e.addResidual(0, 1, q(1), 1);
        e.addResidual(0, 3, q(3), 3);
        assertEquals(Outcome.REPAIRED, e.applyKeyframe(0, 1, sum(1), 3));
        assertEquals(Outcome.APPLIED, e.addResidual(0, 2, q(2), 4));
        assertArrayEquals(sum(3), e.value());
    }

    @Test
    void aStaleKeyframeIsIgnored() {
        NeighbourEstimate e = fresh();
        e.addResidual(0, 1, q(1), 1);
        e.addResidual(0, 2, q(2), 2);
        assertEquals(Outcome.IGNORED, e.applyKeyframe(0, 1, sum(1), 2));
        assertArrayEquals(sum(2), e.value());
    }

    @Test
    void aRestartHoldsFramesUntilTheNewEpochsKeyframe() {
        NeighbourEstimate e = fresh();
        e.addResidual(0, 1, q(1), 1);
        float[] reborn = {100, 100};
        assertEquals(Outcome.HELD, e.addResidual(1, 1, q(1), 2));
        assertFalse(e.isSynced());
        assertTrue(e.needsKeyframe(2, 2));
        assertFalse(e.needsKeyframe(3, 2), "asked once per window");
        assertEquals(Outcome.IGNORED, e.addResidual(0, 2, q(2), 3), "old epoch");
        assertEquals(Outcome.REPAIRED, e.applyKeyframe(1, 0, reborn, 3));
        assertArrayEquals(new float[] {101, 110}, e.value());
    }

    @Test
    void aFrameFarAheadWaitsForAKeyframe() {
        NeighbourEstimate e = fresh();
        assertEquals(Outcome.HELD, e.addResidual(0, 1_000_000, q(1), 1));
        assertTrue(e.needsKeyframe(1, 2));
        assertEquals(Outcome.REPAIRED, e.applyKeyframe(0, 1_000_000, sum(3), 2));
        assertArrayEquals(sum(3), e.value());
    }

    @Test
    void aLongOpenGapFallsBackToAKeyframeWithBoundedMemory() {
        NeighbourEstimate e = fresh();
        for (int seq = 2; seq <= NeighbourEstimate.MAX_HELD + 3; seq++) { // seq 1 never arrives
            e.addResidual(0, seq, q(seq), seq);
        }
        assertFalse(e.isSynced());
        assertEquals(Outcome.REPAIRED, e.applyKeyframe(0, NeighbourEstimate.MAX_HELD + 3, sum(NeighbourEstimate.MAX_HELD + 3), 70));
        assertArrayEquals(sum(NeighbourEstimate.MAX_HELD + 3), e.value());
    }

    @Test
    void modelFramesReplaceOlderOnes() {
        NeighbourEstimate e = fresh();
        assertEquals(Outcome.APPLIED, e.replace(0, 2, new float[] {2, 2}));
        assertEquals(Outcome.IGNORED, e.replace(0, 1, new float[] {1, 1}));
        assertArrayEquals(new float[] {2, 2}, e.value());
    }
}
