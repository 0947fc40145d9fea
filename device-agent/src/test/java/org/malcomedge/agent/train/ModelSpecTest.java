package org.malcomedge.agent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.malcomedge.agent.InputException;

class ModelSpecTest {

    @Test
    void layoutIsLayerByLayerWeightThenBias() {
        ModelSpec spec = ModelSpec.parse("mlp:32", 64, 10);
        assertEquals(64 * 32 + 32 + 32 * 10 + 10, spec.dimension());
        assertEquals(new ModelSpec.Layer(64, 32, 0, 2048, true), spec.layers().get(0));
        assertEquals(new ModelSpec.Layer(32, 10, 2080, 2400, false), spec.layers().get(1));
        assertEquals(3, ModelSpec.parse("mlp:8,4", 5, 3).layers().size());
        assertEquals(1, ModelSpec.parse("mlp", 5, 3).layers().size());
    }

    @Test
    void initializationIsSeededWithZeroBiases() {
        ModelSpec spec = ModelSpec.parse("mlp:16", 8, 4);
        assertArrayEquals(spec.initialize(3), spec.initialize(3));
        float[] theta = spec.initialize(3);
        for (ModelSpec.Layer layer : spec.layers()) {
            for (int j = 0; j < layer.out(); j++) {
                assertEquals(0f, theta[layer.biasOffset() + j]);
            }
        }
        assertTrue(java.util.Arrays.stream(new int[] {0, 1, 2}).anyMatch(k -> theta[k] != 0));
    }

    @Test
    void badSpecsNameThePart() {
        assertEquals("model 'mlp:32,x': layer width 'x' is not a positive integer",
                assertThrows(InputException.class, () -> ModelSpec.parse("mlp:32,x", 4, 2)).getMessage());
        assertThrows(InputException.class, () -> ModelSpec.parse("mlp:0", 4, 2));
        assertThrows(InputException.class, () -> ModelSpec.parse("cnn:3", 4, 2));
    }
}
