package org.malcomedge.agent.train.graph;

import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Gemm, MatMul and the element-wise operators (binary ones broadcasting) on random shapes, both backends. */
class ElementwiseRulesTest {

    /** A random full shape of rank 1 to 3, and a shape that broadcasts to it (a suffix, some sizes 1). */
    private static long[][] broadcastPair(RuleCheck c) {
        int rank = c.size(1, 3);
        long[] full = new long[rank];
        for (int i = 0; i < rank; i++) {
            full[i] = c.size(1, 4);
        }
        int keep = c.size(0, rank);
        long[] small = new long[keep];
        for (int i = 0; i < keep; i++) {
            small[i] = c.random().nextBoolean() ? 1 : full[rank - keep + i];
        }
        return c.random().nextBoolean() ? new long[][] {full, small} : new long[][] {small, full};
    }

    private static long[] broadcast(long[] a, long[] b) {
        int[] shape = Tensor.broadcast(java.util.Arrays.stream(a).mapToInt(d -> (int) d).toArray(),
                java.util.Arrays.stream(b).mapToInt(d -> (int) d).toArray());
        return java.util.Arrays.stream(shape).asLongStream().toArray();
    }

    private static void binary(String op, long seed, boolean positiveRight) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[][] shapes = broadcastPair(c);
        c.input(shapes[0]);
        if (positiveRight) {
            c.positiveInput(shapes[1]);
        } else {
            c.input(shapes[1]);
        }
        c.check((g, in) -> g.op(op, Map.of(), Graph.Type.FLOAT, broadcast(shapes[0], shapes[1]), in));
    }

    static Stream<Arguments> binaryCases() {
        return Stream.of("Add", "Sub", "Mul", "Div").flatMap(op -> LongStream.rangeClosed(1, 6).mapToObj(seed -> Arguments.of(op, seed)));
    }

    @ParameterizedTest
    @MethodSource("binaryCases")
    void broadcastingBinary(String op, long seed) throws Exception {
        binary(op, seed, op.equals("Div"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void mulOfAValueWithItself(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[] shape = {c.size(1, 3), c.size(1, 4)};
        c.input(shape).check((g, in) -> g.op("Mul", Map.of(), Graph.Type.FLOAT, shape, in[0], in[0]));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void gemm(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        int m = c.size(1, 4);
        int k = c.size(1, 4);
        int n = c.size(1, 4);
        long transA = c.size(0, 1);
        long transB = c.size(0, 1);
        long[][] biasShapes = {{n}, {1, n}, {m, 1}, {m, n}, {1}};
        long[] bias = biasShapes[c.size(0, biasShapes.length - 1)];
        Map<String, Object> attributes = Map.of("transA", transA, "transB", transB,
                "alpha", (float) c.random().nextDouble(0.5, 2), "beta", (float) c.random().nextDouble(0.5, 2));
        c.input(transA == 0 ? new long[] {m, k} : new long[] {k, m}).input(transB == 0 ? new long[] {k, n} : new long[] {n, k}).input(bias);
        c.check((g, in) -> g.op("Gemm", attributes, Graph.Type.FLOAT, new long[] {m, n}, in));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void matMul(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        int m = c.size(1, 4);
        int n = c.size(1, 4);
        int k = c.size(1, 4);
        c.input(m, k).input(k, n);
        c.check((g, in) -> g.op("MatMul", Map.of(), Graph.Type.FLOAT, new long[] {m, n}, in));
    }

    private static void unary(String op, Map<String, Object> attributes, long seed, boolean positive) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[] shape = {c.size(1, 3), c.size(1, 5)};
        if (positive) {
            c.positiveInput(shape);
        } else {
            c.input(shape);
        }
        c.check((g, in) -> g.op(op, attributes, Graph.Type.FLOAT, shape, in));
    }

    static Stream<Arguments> unaryCases() {
        return Stream.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Sqrt").flatMap(op -> LongStream.rangeClosed(1, 3).mapToObj(seed -> Arguments.of(op, seed)));
    }

    /** LeakyRelu with its default alpha (seed 1) and alpha 0.2; Sqrt on positive values. */
    @ParameterizedTest
    @MethodSource("unaryCases")
    void unary(String op, long seed) throws Exception {
        Map<String, Object> attributes = op.equals("LeakyRelu") && seed != 1 ? Map.of("alpha", 0.2f) : Map.of();
        unary(op, attributes, seed, op.equals("Sqrt"));
    }

    @ParameterizedTest
    @ValueSource(floats = {2f, 3f, 0.5f, -1f})
    void powOfAConstantExponent(float exponent) throws Exception {
        RuleCheck c = new RuleCheck((long) (exponent * 10));
        long[] shape = {2, c.size(1, 4)};
        c.positiveInput(shape).check((g, in) -> g.op("Pow", Map.of(), Graph.Type.FLOAT, shape, in[0], g.scalar(exponent)));
    }
}
