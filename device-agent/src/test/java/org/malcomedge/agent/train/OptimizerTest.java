package org.malcomedge.agent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void proxShrinksTowardZeroAndGivesExactZeros() {
        float[] v = {0.5f, -0.5f, 0.1f, -0.1f, 0.09f, 0f, -2f};
        Optimizer.prox(v, 0.1f);
        assertArrayEquals(new float[] {0.4f, -0.4f, 0f, 0f, 0f, 0f, -1.9f}, v, 1e-7f);
        for (int k = 2; k <= 5; k++) {
            assertEquals(0, Float.floatToRawIntBits(v[k]), "exact +0 at " + k);
        }
    }

    @Test
    void sgdMomentumAndL1Step() {
        float[] theta = {1f, 0.01f};
        Optimizer optimizer = new Optimizer(0.5f, 0.5f, 0.1f);
        optimizer.step(theta, new float[] {1f, 0f});
        // theta - eta g = {0.5, 0.01}, then prox at 0.05
        assertArrayEquals(new float[] {0.45f, 0f}, theta, 1e-7f);
        optimizer.step(theta, new float[] {1f, 0f});
        // v = 0.5 * 1 + 1 = 1.5: 0.45 - 0.75 = -0.3, prox -> -0.25
        assertArrayEquals(new float[] {-0.25f, 0f}, theta, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new Optimizer(0f, 0f, 0f));
    }
}
