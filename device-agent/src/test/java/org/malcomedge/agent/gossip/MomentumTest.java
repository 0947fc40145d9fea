package org.malcomedge.agent.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.malcomedge.agent.gossip.MomentumSpec.Kind;

class MomentumTest {

    private static final float ETA = 0.1f;
    private static final float[] G = {1, -2, 0.5f};

    @Test
    void withoutMomentumTheStepIsPlainSgdAndKeepsNoState() {
        Momentum none = new Momentum(MomentumSpec.NONE, 3);
        float[] x = {0, 0, 0};
        none.roundStarts(x);
        none.step(x, G, ETA);
        none.step(x, G, ETA);
        none.roundEnds(x, ETA);
        assertArrayEquals(new float[] {-0.2f, 0.4f, -0.1f}, x, 1e-7f);
        assertEquals(0, none.state().length);
    }

    @Test
    void heavyBallFollowsMEqualsBetaMPlusD() {
        Momentum heavy = new Momentum(new MomentumSpec(Kind.HEAVY_BALL, 0.5), 3);
        float[] x = {0, 0, 0};
        heavy.step(x, G, ETA); // m = g
        heavy.step(x, G, ETA); // m = 1.5 g
        for (int k = 0; k < 3; k++) {
            assertEquals(-ETA * 2.5f * G[k], x[k], 1e-6f);
            assertEquals(1.5f * G[k], heavy.state()[k], 1e-6f);
        }
    }

    @Test
    void quasiGlobalFoldsTheRoundsWholeMoveGossipIncluded() {
        double beta = 0.5;
        Momentum quasi = new Momentum(new MomentumSpec(Kind.QUASI_GLOBAL, beta), 3);
        float[] x = {1, 1, 1};
        quasi.roundStarts(x);
        quasi.step(x, G, ETA); // mhat = 0: a plain step
        assertArrayEquals(new float[] {0.9f, 1.2f, 0.95f}, x, 1e-6f);
        x[0] += 0.3f; // the consensus step moved the model too
        quasi.roundEnds(x, ETA);
        float[] mhat = quasi.state();
        // mhat = beta 0 + (1 - beta) (x_start - x_end) / eta
        assertArrayEquals(new float[] {(float) (0.5 * (1 - 1.2) / ETA), (float) (0.5 * (1 - 1.2) / ETA),
            (float) (0.5 * (1 - 0.95) / ETA)}, mhat, 1e-5f);
        float[] before = x.clone();
        quasi.step(x, G, ETA); // x -= eta (beta mhat + g)
        for (int k = 0; k < 3; k++) {
            assertEquals(before[k] - ETA * (beta * mhat[k] + G[k]), x[k], 1e-6f);
        }
    }

    @Test
    void withoutGossipQuasiGlobalSettlesOnHeavyBallsStepEtaOverOneMinusBeta() {
        // mhat contracts by beta (2 - beta) = 0.99 a round: it settles over hundreds of rounds
        Momentum quasi = new Momentum(new MomentumSpec(Kind.QUASI_GLOBAL, 0.9), 3);
        Momentum heavy = new Momentum(new MomentumSpec(Kind.HEAVY_BALL, 0.9), 3);
        float[] xq = new float[3];
        float[] xh = new float[3];
        float[] lastQ = new float[3];
        float[] lastH = new float[3];
        for (int t = 0; t < 2500; t++) {
            lastQ = xq.clone();
            lastH = xh.clone();
            quasi.roundStarts(xq);
            quasi.step(xq, G, ETA);
            quasi.roundEnds(xq, ETA);
            heavy.step(xh, G, ETA);
        }
        for (int k = 0; k < 3; k++) {
            float stepQ = xq[k] - lastQ[k];
            float stepH = xh[k] - lastH[k];
            assertEquals(-ETA * G[k] / 0.1f, stepH, 1e-3f);
            assertEquals(stepH, stepQ, 1e-3f);
        }
    }

    @Test
    void aBufferOfAnotherLengthIsRefusedNamingBoth() {
        Momentum quasi = new Momentum(new MomentumSpec(Kind.QUASI_GLOBAL, 0.9), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> quasi.restore(new float[0]));
        assertTrue(e.getMessage().contains("0 values") && e.getMessage().contains("keeps 3"), e.getMessage());
        quasi.restore(new float[] {1, 2, 3});
        assertArrayEquals(new float[] {1, 2, 3}, quasi.state());
    }

    @Test
    void specsAreCheckedAndKindsParsedByName() {
        assertThrows(IllegalArgumentException.class, () -> new MomentumSpec(Kind.HEAVY_BALL, 1));
        assertThrows(IllegalArgumentException.class, () -> new MomentumSpec(Kind.HEAVY_BALL, -0.1));
        assertEquals(Kind.HEAVY_BALL, Kind.parse("heavy-ball"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kind.parse("nesterov"));
        assertEquals("'nesterov' is not one of heavy-ball, quasi-global", e.getMessage());
        assertEquals("quasi-global 0.9", new MomentumSpec(Kind.QUASI_GLOBAL, 0.9).toString());
        assertEquals(Kind.HEAVY_BALL, MomentumSpec.NONE.kind());
    }
}
