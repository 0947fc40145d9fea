package org.malcomedge.agent.train.graph;

import java.util.Map;

/** Gradient rules of the matrix products Gemm and MatMul. */
final class LinearRules {

    private LinearRules() {
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
}
