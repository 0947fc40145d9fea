package org.malcomedge.agent.train.graph;

import java.util.Map;

/** Gradient rules of the operators that only move values: Reshape, Flatten, Identity, Slice, Transpose, Concat. */
final class ShapeRules {

    private ShapeRules() {
    }

    /** Y = reshape(X) or flatten(X): dX = dY reshaped back. */
    static void reshape(Node node, Backward b) {
        b.addReshaped(node.input(0), b.gradient(node.output()));
    }

    /** Y = X: dX = dY. */
    static void identity(Node node, Backward b) {
        if (b.needsGradient(node.input(0))) {
            b.add(node.input(0), b.gradient(node.output()));
        }
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

    /** Y = transpose(X, perm): dX = transpose(dY, perm^-1). */
    static void transpose(Node node, Backward b) {
        String x = node.input(0);
        if (!b.needsGradient(x)) {
            return;
        }
        long[] perm = permutation(node, b.graph().typeOf(x).rank());
        long[] inverse = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[(int) perm[i]] = i;
        }
        b.add(x, b.graph().floatOp("Transpose", Map.of("perm", inverse), x, b.gradient(node.output())));
    }

    /** The perm attribute, by default the axes reversed. */
    static long[] permutation(Node node, int rank) {
        Object perm = node.attributes().get("perm");
        if (perm != null) {
            return (long[]) perm;
        }
        long[] reversed = new long[rank];
        for (int i = 0; i < rank; i++) {
            reversed[i] = rank - 1 - i;
        }
        return reversed;
    }

    /** Y = concat(X_1, ..., X_n) along axis: dX_i = the slice of dY where X_i went. */
    static void concat(Node node, Backward b) {
        Graph g = b.graph();
        String dy = b.gradient(node.output());
        int rank = g.typeOf(node.output()).rank();
        long axis = Math.floorMod(node.intAttribute("axis", 0), rank);
        long offset = 0;
        for (String input : node.inputs()) {
            long size = g.shape(input)[(int) axis];
            if (size < 0) {
                throw new UnsupportedOperationException("Concat gradient (output " + node.output()
                        + "): the inputs' sizes along axis " + axis + " must be static");
            }
            if (b.needsGradient(input)) {
                b.add(input, g.floatOp("Slice", Map.of(), input, dy, g.int64s(offset), g.int64s(offset + size), g.int64s(axis)));
            }
            offset += size;
        }
    }
}
