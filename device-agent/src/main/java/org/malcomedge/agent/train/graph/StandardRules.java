package org.malcomedge.agent.train.graph;

import java.util.Map;

/**
 * Gradient rules for the operators an MLP is made of (ONNX opset {@value Graph#OPSET} semantics).
 * Each method is the backward pass of one operator; a CNN adds Conv and pooling rules beside them.
 */
final class StandardRules {

    private StandardRules() {
    }

    static void register(TrainStepCompiler compiler) {
        compiler.rule("Gemm", StandardRules::gemm);
        compiler.rule("MatMul", StandardRules::matMul);
        compiler.rule("Add", StandardRules::add);
        compiler.rule("Relu", StandardRules::relu);
        compiler.rule("Reshape", StandardRules::reshape);
        compiler.rule("Slice", StandardRules::slice);
        compiler.rule("SoftmaxCrossEntropyLoss", StandardRules::softmaxCrossEntropy);
    }

    /**
     * Y = alpha op(A) op(B) + beta C, op = optional transpose: dA = alpha dY op(B)^T (transposed back
     * when transA), dB = alpha op(A)^T dY (transposed back when transB), dC = beta dY summed to C's shape.
     */
    static void gemm(Node node, Backward b) {
        Graph g = b.graph();
        String dy = b.gradient(node.output());
        String a = node.input(0);
        String w = node.input(1);
        String c = node.input(2);
        long transA = node.intAttribute("transA", 0);
        long transB = node.intAttribute("transB", 0);
        float alpha = node.floatAttribute("alpha", 1f);
        float beta = node.floatAttribute("beta", 1f);
        if (b.needsGradient(a)) {
            b.add(a, transA == 0
                    ? g.floatOp("Gemm", Map.of("transB", 1 - transB, "alpha", alpha), a, dy, w)
                    : g.floatOp("Gemm", Map.of("transA", transB, "transB", 1L, "alpha", alpha), a, w, dy));
        }
        if (b.needsGradient(w)) {
            b.add(w, transB == 0
                    ? g.floatOp("Gemm", Map.of("transA", 1 - transA, "alpha", alpha), w, a, dy)
                    : g.floatOp("Gemm", Map.of("transA", 1L, "transB", transA, "alpha", alpha), w, dy, a));
        }
        if (!c.isEmpty() && b.needsGradient(c)) {
            String scaled = beta == 1f ? dy : g.floatOp("Mul", Map.of(), dy, dy, g.scalar(beta));
            b.add(c, b.unbroadcast(scaled, c));
        }
    }

    /** Y = A B for matrices: dA = dY B^T, dB = A^T dY. */
    static void matMul(Node node, Backward b) {
        Graph g = b.graph();
        String a = node.input(0);
        String w = node.input(1);
        if (g.typeOf(a).rank() != 2 || g.typeOf(w).rank() != 2) {
            throw new UnsupportedOperationException("MatMul gradient: only 2-D operands are supported, got "
                    + a + " of rank " + g.typeOf(a).rank() + " and " + w + " of rank " + g.typeOf(w).rank());
        }
        String dy = b.gradient(node.output());
        if (b.needsGradient(a)) {
            b.add(a, g.floatOp("Gemm", Map.of("transB", 1L), a, dy, w));
        }
        if (b.needsGradient(w)) {
            b.add(w, g.floatOp("Gemm", Map.of("transA", 1L), w, a, dy));
        }
    }

    /** Y = A + B with broadcasting: each input gets dY summed to its shape. */
    static void add(Node node, Backward b) {
        String dy = b.gradient(node.output());
        for (String input : node.inputs()) {
            if (b.needsGradient(input)) {
                b.add(input, b.unbroadcast(dy, input));
            }
        }
    }

    /** Y = max(X, 0): dX = dY where Y > 0, else 0. */
    static void relu(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        if (!b.needsGradient(x)) {
            return;
        }
        String y = node.output();
        String positive = g.op("Greater", Map.of(), Graph.Type.BOOL, g.shape(y), y, g.scalar(0f));
        b.add(x, g.floatOp("Where", Map.of(), x, positive, b.gradient(y), g.scalar(0f)));
    }

    /** Y = reshape(X): dX = dY reshaped back. */
    static void reshape(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        if (!b.needsGradient(x)) {
            return;
        }
        long[] shape = g.shape(x);
        String target = java.util.Arrays.stream(shape).allMatch(d -> d >= 0)
                ? g.int64s(shape)
                : g.op("Shape", Map.of(), Graph.Type.INT64, new long[] {shape.length}, x);
        b.add(x, g.floatOp("Reshape", Map.of(), x, b.gradient(node.output()), target));
    }

    /** Y = X[start:end] of a 1-D X with constant bounds and step 1: dX[start:end] = dY. */
    static void slice(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        if (!b.needsGradient(x)) {
            return;
        }
        long[] starts = g.int64Values(node.input(1));
        long[] ends = g.int64Values(node.input(2));
        long[] steps = node.input(4).isEmpty() ? new long[] {1} : g.int64Values(node.input(4));
        long[] shape = g.shape(x);
        if (shape.length != 1 || shape[0] < 0 || starts == null || ends == null || steps == null
                || starts.length != 1 || steps[0] != 1) {
            throw new UnsupportedOperationException("Slice gradient: only constant step-1 slices of a 1-D tensor of known length are supported ("
                    + node.output() + ")");
        }
        long start = clamp(starts[0], shape[0]);
        long end = clamp(ends[0], shape[0]);
        b.addSlice(x, b.gradient(node.output()), start, end);
    }

    private static long clamp(long index, long length) {
        long i = index < 0 ? index + length : index;
        return Math.max(0, Math.min(length, i));
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
}
