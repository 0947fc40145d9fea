package org.malcomedge.agent.train.graph;

import java.util.Map;

/** Gradient rules of the operators that reduce along axes: the losses, Softmax, LogSoftmax, ReduceSum, ReduceMean. */
final class ReductionRules {

    private ReductionRules() {
    }

    /**
     * loss = mean_b(-log softmax(Z)_{b, y_b}) over logits Z [B, C]:
     * dZ = dloss (softmax(Z) - onehot(y)) / B. Only reduction "mean" without weights is supported.
     */
    static void softmaxCrossEntropy(Node node, Backward b) {
        Graph g = b.graph();
        String logits = node.input(0);
        String labels = node.input(1);
        if (!node.stringAttribute("reduction", "mean").equals("mean") || !node.input(2).isEmpty()
                || node.attributes().containsKey("ignore_index") || g.typeOf(logits).rank() != 2) {
            throw new UnsupportedOperationException("SoftmaxCrossEntropyLoss gradient: only reduction=mean on [B, C] logits"
                    + " without weights or ignore_index is supported");
        }
        if (!b.needsGradient(logits)) {
            return;
        }
        long[] shape = g.shape(logits);
        long classes = shape[1];
        long[] classIds = new long[(int) classes];
        for (int k = 0; k < classIds.length; k++) {
            classIds[k] = k;
        }
        String column = g.op("Unsqueeze", Map.of(), g.typeOf(labels).type(), new long[] {shape[0], 1}, labels, g.int64s(1));
        if (g.typeOf(labels).type() != Graph.Type.INT64) {
            column = g.op("Cast", Map.of("to", (long) Graph.Type.INT64.onnxCode), Graph.Type.INT64, g.shape(column), column);
        }
        String hot = g.op("Equal", Map.of(), Graph.Type.BOOL, shape, column, g.int64s(classIds));
        String oneHot = g.op("Cast", Map.of("to", (long) Graph.Type.FLOAT.onnxCode), Graph.Type.FLOAT, shape, hot);
        String probabilities = g.floatOp("Softmax", Map.of("axis", 1L), logits, logits);
        String difference = g.floatOp("Sub", Map.of(), logits, probabilities, oneHot);
        String batch = g.op("Shape", Map.of("start", 0L, "end", 1L), Graph.Type.INT64, new long[] {1}, logits);
        String batchSize = g.op("Cast", Map.of("to", (long) Graph.Type.FLOAT.onnxCode), Graph.Type.FLOAT, new long[] {1}, batch);
        String scale = g.op("Div", Map.of(), Graph.Type.FLOAT, new long[] {1}, b.gradient(node.output()), batchSize);
        b.add(logits, g.floatOp("Mul", Map.of(), logits, difference, scale));
    }

    /** Y = softmax(X) along axis: dX = Y (dY - sum_axis(dY Y)). */
    static void softmax(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        String y = node.output();
        String dy = b.gradient(y);
        String projection = sumAlong(g, g.floatOp("Mul", Map.of(), y, dy, y), axis(node, g));
        b.add(x, g.floatOp("Mul", Map.of(), x, y, g.floatOp("Sub", Map.of(), y, dy, projection)));
    }

    /** Y = log softmax(X) along axis: dX = dY - exp(Y) sum_axis(dY). */
    static void logSoftmax(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        String y = node.output();
        String dy = b.gradient(y);
        String total = sumAlong(g, dy, axis(node, g));
        b.add(x, g.floatOp("Sub", Map.of(), x, dy, g.floatOp("Mul", Map.of(), y, g.floatOp("Exp", Map.of(), y, y), total)));
    }

    /** Softmax's axis (default -1, opset 13) as a non-negative index. */
    private static long axis(Node node, Graph g) {
        return Math.floorMod(node.intAttribute("axis", -1), g.typeOf(node.input(0)).rank());
    }

    private static String sumAlong(Graph g, String value, long axis) {
        long[] shape = g.shape(value);
        shape[(int) axis] = 1;
        return g.op("ReduceSum", Map.of("keepdims", 1L), Graph.Type.FLOAT, shape, value, g.int64s(axis));
    }

    /** Y = sum of X over axes (an int64 constant input, opset 13; none = all): dX = dY broadcast back to X's shape. */
    static void reduceSum(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        long[] axes = node.input(1).isEmpty() ? null : g.int64Values(node.input(1));
        if (!node.input(1).isEmpty() && axes == null) {
            throw new UnsupportedOperationException("ReduceSum gradient (output " + node.output() + "): the axes must be a constant");
        }
        if ((axes == null || axes.length == 0) && node.intAttribute("noop_with_empty_axes", 0) == 1) {
            ShapeRules.identity(node, b);
            return;
        }
        spread(b, node, axes, 1f);
    }

    /** Y = mean of X over axes (an attribute in opset 17; none = all): dX = dY broadcast back, over the count. */
    static void reduceMean(Node node, Backward b) {
        Graph g = b.graph();
        long[] shape = g.shape(node.input(0));
        long[] axes = reducedAxes((long[]) node.attributes().get("axes"), shape.length);
        long count = 1;
        for (long axis : axes) {
            count *= shape[(int) axis];
        }
        if (count <= 0) {
            throw new UnsupportedOperationException("ReduceMean gradient (output " + node.output()
                    + "): the reduced axes must have static sizes");
        }
        spread(b, node, axes, 1f / count);
    }

    private static long[] reducedAxes(long[] axes, int rank) {
        if (axes == null || axes.length == 0) {
            long[] all = new long[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        return java.util.Arrays.stream(axes).map(a -> Math.floorMod(a, rank)).toArray();
    }

    /** dX = scale dY, with the reduced axes put back (keepdims=0) and expanded to X's shape. */
    private static void spread(Backward b, Node node, long[] axes, float scale) {
        Graph g = b.graph();
        String x = node.input(0);
        if (!b.needsGradient(x)) {
            return;
        }
        long[] shape = g.shape(x);
        long[] reduced = reducedAxes(axes, shape.length);
        String dy = b.gradient(node.output());
        if (node.intAttribute("keepdims", 1) == 0) {
            long[] kept = shape.clone();
            for (long axis : reduced) {
                kept[(int) axis] = 1;
            }
            dy = g.op("Unsqueeze", Map.of(), Graph.Type.FLOAT, kept, dy, g.int64s(reduced));
        }
        if (scale != 1f) {
            dy = g.floatOp("Mul", Map.of(), dy, dy, g.scalar(scale));
        }
        b.add(x, g.floatOp("Expand", Map.of(), x, dy, b.shapeOf(x)));
    }
}
