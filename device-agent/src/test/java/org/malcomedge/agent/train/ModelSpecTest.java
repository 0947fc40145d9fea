package org.malcomedge.agent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        assertThrows(InputException.class, () -> ModelSpec.parse("rnn:3", 4, 2));
    }

    @Test
    void lenet5IsTwoConvolutionsWithMaxPoolingAndThreeDenseLayersLaidOutKernelThenBias() {
        ModelSpec spec = ModelSpec.parse("cnn:lenet5", 784, 10);
        assertTrue(spec.isCnn());
        assertArrayEquals(new int[] {1, 28, 28}, spec.image());
        assertEquals(ModelSpec.parse("cnn:c6k5p2,max2,c16k5,max2,fc120,fc84", 784, 10).dimension(), spec.dimension());
        assertEquals(6 * 25 + 6 + 16 * 6 * 25 + 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10, spec.dimension());
        assertEquals(new ModelSpec.Stage(ModelSpec.Stage.Kind.CONV, 1, 6, 28, 28, 5, 1, 2, 0), spec.stages().get(0));
        assertEquals(new ModelSpec.Stage(ModelSpec.Stage.Kind.MAX_POOL, 6, 6, 28, 28, 2, 2, 0, 156), spec.stages().get(1));
        assertEquals(new ModelSpec.Stage(ModelSpec.Stage.Kind.CONV, 6, 16, 14, 14, 5, 1, 0, 156), spec.stages().get(2));
        assertEquals(5, spec.stages().get(3).outHeight());
        assertEquals(new ModelSpec.Layer(400, 120, 156 + 2416, 156 + 2416 + 48000, true), spec.layers().get(0));
        assertArrayEquals(new int[] {150, 6, 2400, 16, 48000, 120, 10080, 84, 840, 10}, spec.tensorLengths());
        assertEquals(6L * 25 * 28 * 28 + 16L * 6 * 25 * 10 * 10 + 48000 + 10080 + 840, spec.macsPerSample());
        assertEquals("cnn:lenet5 (784 -> 10, d=61706)", spec.toString());
    }

    @Test
    void cnnSpecsTakeAnInputShapeAndEveryLayerKind() {
        ModelSpec spec = ModelSpec.parse("cnn:3x8x8,c4k3s2p1,avg2s1,c5,gap", 192, 3);
        assertArrayEquals(new int[] {3, 8, 8}, spec.image());
        assertEquals(List.of(4, 3), spec.stages().stream().map(ModelSpec.Stage::outHeight).toList().subList(0, 2));
        assertEquals(ModelSpec.Stage.Kind.GLOBAL_AVERAGE_POOL, spec.stages().get(3).kind());
        assertEquals(new ModelSpec.Layer(5, 3, 4 * 3 * 9 + 4 + 5 * 4 * 9 + 5, 4 * 3 * 9 + 4 + 5 * 4 * 9 + 5 + 15, false), spec.layers().get(0));
        ModelSpec.parse("cnn:c2,max2p1", 25, 2); // a padded pool
        float[] theta = spec.initialize(4);
        assertTrue(theta[0] != 0 && theta[spec.stages().get(0).biasOffset()] == 0);
    }

    @Test
    void badCnnSpecsNameThePart() {
        assertEquals("model 'cnn:c6k5,foo': layer 'foo' is not c<filters>[k<kernel>][s<stride>][p<pad>], max<kernel>[s<stride>][p<pad>],"
                + " avg<kernel>[s<stride>][p<pad>], gap or fc<width>", message("cnn:c6k5,foo", 784));
        assertEquals("model 'cnn:fc10,c3': layer 'c3' comes after a dense layer; feature layers go first", message("cnn:fc10,c3", 784));
        assertEquals("model 'cnn:c3': 10 features are not a square image; give the input shape first, e.g. cnn:3x32x32,c6k5,...",
                message("cnn:c3", 10));
        assertEquals("model 'cnn:2x3x3,c3': input 2x3x3 is 18 values, the dataset has 9 features", message("cnn:2x3x3,c3", 9));
        assertEquals("model 'cnn:c3k5,c3k5': layer 'c3k5' needs maps of at least 5x5 (with its padding), gets 4x4",
                message("cnn:c3k5,c3k5", 64));
        assertEquals("model 'cnn:max2p2': layer 'max2p2': the pad must be smaller than the kernel", message("cnn:max2p2", 64));
        assertEquals("model 'cnn:c0': layer 'c0': 0 is not a positive integer", message("cnn:c0", 64));
        assertEquals("model 'cnn:': expected cnn:lenet5 or cnn:[CxHxW,]LAYER,... with layers c<filters>[k<kernel>][s<stride>][p<pad>],"
                + " max<kernel>[s<stride>][p<pad>], avg<kernel>[s<stride>][p<pad>], gap or fc<width>", message("cnn:", 64));
    }

    private static String message(String spec, int inputs) {
        return assertThrows(InputException.class, () -> ModelSpec.parse(spec, inputs, 10)).getMessage();
    }
}
