package org.malcomedge.agent.train.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Conv, MaxPool, AveragePool and GlobalAveragePool on random windows and shapes, both backends. */
class WindowRulesTest {

    /** A random window with kernel sizes in [1, maxKernel] and pads below the kernel (ORT's pooling requires it). */
    private static Window window(RuleCheck c, int maxKernel, boolean dilated) {
        int[] kernel = {c.size(1, maxKernel), c.size(1, maxKernel)};
        int[] strides = {c.size(1, 2), c.size(1, 2)};
        int[] dilations = dilated ? new int[] {c.size(1, 2), c.size(1, 2)} : new int[] {1, 1};
        int[] pads = {c.size(0, kernel[0] - 1), c.size(0, kernel[1] - 1), c.size(0, kernel[0] - 1), c.size(0, kernel[1] - 1)};
        return new Window(kernel, strides, pads, dilations);
    }

    /** An input size along {@code axis} the window fits, with a random remainder. */
    private static int fitting(RuleCheck c, Window w, int axis) {
        return c.size(Math.max(1, w.span(axis) - w.pads()[axis] - w.pads()[axis + 2]), w.span(axis) + 3);
    }

    private static Map<String, Object> attributes(Window w, boolean withKernel) {
        Map<String, Object> a = new HashMap<>();
        if (withKernel) {
            a.put("kernel_shape", longs(w.kernel()));
        }
        a.put("strides", longs(w.strides()));
        a.put("pads", longs(w.pads()));
        if (w.dilations()[0] != 1 || w.dilations()[1] != 1) {
            a.put("dilations", longs(w.dilations()));
        }
        return a;
    }

    private static long[] longs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    private static long[] pooled(long n, long channels, Window w, long h, long wd) {
        return new long[] {n, channels, w.out(0, h), w.out(1, wd)};
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void conv(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        Window w = window(c, 3, true);
        int n = c.size(1, 2);
        int channels = c.size(1, 3);
        int filters = c.size(1, 3);
        int h = fitting(c, w, 0);
        int wd = fitting(c, w, 1);
        c.input(n, channels, h, wd).input(filters, channels, w.kernel()[0], w.kernel()[1]).input(filters);
        c.check((g, in) -> g.op("Conv", attributes(w, seed % 2 == 0), Graph.Type.FLOAT, pooled(n, filters, w, h, wd), in));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void convOfAConstantImageWithoutBias(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        Window w = window(c, 3, false);
        int h = fitting(c, w, 0);
        int wd = fitting(c, w, 1);
        float[] image = new float[2 * h * wd];
        for (int k = 0; k < image.length; k++) {
            image[k] = (float) c.random().nextGaussian();
        }
        c.input(3, 2, w.kernel()[0], w.kernel()[1]);
        c.check((g, in) -> g.op("Conv", attributes(w, false), Graph.Type.FLOAT, pooled(1, 3, w, h, wd),
                g.constant(image, 1, 2, h, wd), in[0]));
    }

    /** MaxPool with dilations; AveragePool (no dilations in opset 17) with count_include_pad 0 and 1. */
    @ParameterizedTest
    @CsvSource({"MaxPool, 1", "MaxPool, 2", "MaxPool, 3", "MaxPool, 4", "MaxPool, 5", "MaxPool, 6",
        "AveragePool, 1", "AveragePool, 2", "AveragePool, 3", "AveragePool, 4", "AveragePool, 5", "AveragePool, 6"})
    void pool(String op, long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        boolean max = op.equals("MaxPool");
        Window w = window(c, 3, max);
        int h = fitting(c, w, 0);
        int wd = fitting(c, w, 1);
        Map<String, Object> a = attributes(w, true);
        if (!max) {
            a.put("count_include_pad", seed % 2);
        }
        c.input(2, 3, h, wd);
        c.check((g, in) -> g.op(op, a, Graph.Type.FLOAT, pooled(2, 3, w, h, wd), in[0]));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void globalAveragePool(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        int channels = c.size(1, 4);
        c.input(2, channels, c.size(1, 5), c.size(1, 5));
        c.check((g, in) -> g.op("GlobalAveragePool", Map.of(), Graph.Type.FLOAT, new long[] {2, channels, 1, 1}, in[0]));
    }

    @Test
    void groupedConvolutionIsNamedAsUnsupported() {
        Graph g = new Graph();
        String theta = g.input("theta", Graph.Type.FLOAT, 2 * 1 * 1 * 1);
        String w = g.op("Reshape", Map.of(), Graph.Type.FLOAT, new long[] {2, 1, 1, 1}, theta, g.int64s(2, 1, 1, 1));
        String x = g.input("x", Graph.Type.FLOAT, 1, 2, 3, 3);
        String y = g.op("Conv", Map.of("group", 2L), Graph.Type.FLOAT, new long[] {1, 2, 3, 3}, x, w);
        g.opNamed("loss", "ReduceSum", Map.of("keepdims", 0L), Graph.Type.FLOAT, new long[0], y);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> TrainStepCompiler.standard().compile(g, "theta"));
        assertEquals("Conv gradient (output " + y + "): only group=1 is supported, got group=2", e.getMessage());
    }
}
