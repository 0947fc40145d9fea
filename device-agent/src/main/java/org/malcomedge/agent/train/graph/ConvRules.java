package org.malcomedge.agent.train.graph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Gradient rules of the 2-D window operators on NCHW tensors: Conv (group 1), MaxPool,
 * AveragePool, GlobalAveragePool. The spatial sizes must be static; the batch may be dynamic.
 */
final class ConvRules {

    private static final long[] SWAP_01 = {1, 0, 2, 3};

    private ConvRules() {
    }

    /**
     * Y = conv(X, W) + b: dX = ConvTranspose(dY, W) with the forward window (output_padding makes it
     * X's size); dW[m, c] = correlation of X[:, c] with dY[:, m], a Conv of X^T [C, N, H, W] with
     * dY^T [M, N, Ho, Wo] as the kernel (strides and dilations swap roles), cut to the kernel size;
     * db = dY summed over batch and space.
     */
    static void conv(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        String w = node.input(1);
        String bias = node.input(2);
        long[] xs = spatial(node, g, x);
        long[] ws = g.shape(w);
        if (node.intAttribute("group", 1) != 1) {
            throw new UnsupportedOperationException("Conv gradient (output " + node.output() + "): only group=1 is supported, got group="
                    + node.intAttribute("group", 1));
        }
        Window window = Window.of(node, new long[] {ws[2], ws[3]});
        String dy = b.gradient(node.output());
        if (b.needsGradient(x)) {
            b.add(x, transposed(g, node, window, dy, w, Map.of()));
        }
        if (b.needsGradient(w)) {
            long[] ys = g.shape(node.output());
            long[] full = {ws[1], ws[0], 0, 0};
            for (int axis = 0; axis < 2; axis++) {
                long span = (ys[2 + axis] - 1) * window.strides()[axis] + 1;
                full[2 + axis] = (xs[2 + axis] + window.pads()[axis] + window.pads()[axis + 2] - span) / window.dilations()[axis] + 1;
            }
            String xt = g.op("Transpose", Map.of("perm", SWAP_01), Graph.Type.FLOAT, swap(xs), x);
            String dyt = g.op("Transpose", Map.of("perm", SWAP_01), Graph.Type.FLOAT, swap(ys), dy);
            String correlation = g.op("Conv", Map.of("strides", longs(window.dilations()), "dilations", longs(window.strides()),
                    "pads", longs(window.pads())), Graph.Type.FLOAT, full, xt, dyt);
            if (full[2] != ws[2] || full[3] != ws[3]) {
                correlation = g.op("Slice", Map.of(), Graph.Type.FLOAT, new long[] {ws[1], ws[0], ws[2], ws[3]}, correlation,
                        g.int64s(0, 0), g.int64s(ws[2], ws[3]), g.int64s(2, 3));
            }
            b.add(w, g.floatOp("Transpose", Map.of("perm", SWAP_01), w, correlation));
        }
        if (!bias.isEmpty() && b.needsGradient(bias)) {
            b.add(bias, g.floatOp("ReduceSum", Map.of("keepdims", 0L), bias, dy, g.int64s(0, 2, 3)));
        }
    }

    /** Y = max over each window: dY goes to the argmax of its window (MaxPool's indices), summed where windows overlap. */
    static void maxPool(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        spatial(node, g, x);
        Window.of(node, null);
        if (node.intAttribute("storage_order", 0) != 0) {
            throw new UnsupportedOperationException("MaxPool gradient (output " + node.output() + "): only storage_order=0 is supported");
        }
        long[] ys = g.shape(node.output());
        String[] withIndices = g.ops("MaxPool", node.attributes(), new Graph.Type[] {Graph.Type.FLOAT, Graph.Type.INT64},
                new long[][] {ys, ys}, x);
        long[] flat = {Graph.DYNAMIC};
        String indices = g.op("Reshape", Map.of(), Graph.Type.INT64, flat, withIndices[1], g.int64s(-1));
        String updates = g.op("Reshape", Map.of(), Graph.Type.FLOAT, flat, b.gradient(node.output()), g.int64s(-1));
        String zeros = g.op("Reshape", Map.of(), Graph.Type.FLOAT, flat,
                g.floatOp("ConstantOfShape", Map.of(), x, b.shapeOf(x)), g.int64s(-1));
        String scattered = g.op("ScatterElements", Map.of("axis", 0L, "reduction", "add"), Graph.Type.FLOAT, flat, zeros, indices, updates);
        b.addReshaped(x, scattered);
    }

    /**
     * Y = mean over each window: dX = ConvTranspose of dY / count with a kernel of ones, one group
     * per channel; count is the window's size, or with count_include_pad=0 (the default) its
     * elements inside X, a constant per output position.
     */
    static void averagePool(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        long[] xs = spatial(node, g, x);
        Window window = Window.of(node, null);
        long[] ys = g.shape(node.output());
        String dy = b.gradient(node.output());
        int[] k = window.kernel();
        boolean padded = Arrays.stream(window.pads()).anyMatch(p -> p != 0);
        String counts = !padded || node.intAttribute("count_include_pad", 0) == 1
                ? g.scalar(1f / (k[0] * k[1]))
                : g.constant(inverseCounts(window, xs, ys), ys[2], ys[3]);
        String scaled = g.floatOp("Mul", Map.of(), dy, dy, counts);
        float[] ones = new float[Math.toIntExact(xs[1] * k[0] * k[1])];
        Arrays.fill(ones, 1f);
        String kernel = g.constant(ones, xs[1], 1, k[0], k[1]);
        b.add(x, transposed(g, node, window, scaled, kernel, Map.of("group", xs[1])));
    }

    private static float[] inverseCounts(Window window, long[] xs, long[] ys) {
        float[] inverse = new float[Math.toIntExact(ys[2] * ys[3])];
        for (int p = 0; p < ys[2]; p++) {
            for (int q = 0; q < ys[3]; q++) {
                inverse[(int) (p * ys[3] + q)] = 1f / (inside(window, 0, p, xs[2]) * inside(window, 1, q, xs[3]));
            }
        }
        return inverse;
    }

    /** How many of the window's positions along {@code axis} for output {@code o} fall inside [0, size). */
    private static int inside(Window window, int axis, int o, long size) {
        int count = 0;
        for (int i = 0; i < window.kernel()[axis]; i++) {
            long at = window.start(axis, o) + (long) i * window.dilations()[axis];
            count += at >= 0 && at < size ? 1 : 0;
        }
        return count;
    }

    /** Y = mean over H and W: dX = dY / (H W) broadcast over H and W. */
    static void globalAveragePool(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        long[] xs = spatial(node, g, x);
        String dy = b.gradient(node.output());
        String scaled = g.floatOp("Mul", Map.of(), dy, dy, g.scalar(1f / (xs[2] * xs[3])));
        b.add(x, g.floatOp("Expand", Map.of(), x, scaled, b.shapeOf(x)));
    }

    /**
     * ConvTranspose(dY, kernel) with the forward node's window, and output_padding so that the
     * result has the shape of the forward input (a strided window leaves up to stride - 1 rows unread).
     */
    private static String transposed(Graph g, Node node, Window window, String dy, String kernel, Map<String, Object> extra) {
        String x = node.input(0);
        long[] xs = g.shape(x);
        long[] ys = g.shape(node.output());
        long[] outputPadding = new long[2];
        for (int axis = 0; axis < 2; axis++) {
            outputPadding[axis] = xs[2 + axis] + window.pads()[axis] + window.pads()[axis + 2]
                    - (ys[2 + axis] - 1) * window.strides()[axis] - window.span(axis);
        }
        Map<String, Object> attributes = new HashMap<>(extra);
        attributes.put("strides", longs(window.strides()));
        attributes.put("pads", longs(window.pads()));
        attributes.put("dilations", longs(window.dilations()));
        attributes.put("output_padding", outputPadding);
        return g.floatOp("ConvTranspose", attributes, x, dy, kernel);
    }

    /** X's shape, checked to be NCHW with static C, H and W. */
    private static long[] spatial(Node node, Graph g, String x) {
        long[] shape = g.shape(x);
        if (shape.length != 4 || shape[1] < 0 || shape[2] < 0 || shape[3] < 0) {
            throw new UnsupportedOperationException(node.opType() + " gradient (output " + node.output()
                    + "): only 2-D inputs [N, C, H, W] with static C, H, W are supported, got " + Arrays.toString(shape));
        }
        return shape;
    }

    private static long[] swap(long[] shape) {
        return new long[] {shape[1], shape[0], shape[2], shape[3]};
    }

    private static long[] longs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }
}
