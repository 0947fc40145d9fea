package org.malcomedge.agent.train.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The operators that move values and those that reduce, on random shapes and axes, both backends. */
class ShapeAndReductionRulesTest {

    private static long[] randomShape(RuleCheck c, int rank) {
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = c.size(1, 4);
        }
        return shape;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void flatten(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[] shape = randomShape(c, 4);
        int axis = c.size(0, 3);
        long outer = Arrays.stream(shape, 0, axis).reduce(1, (a, b) -> a * b);
        long inner = Arrays.stream(shape, axis, 4).reduce(1, (a, b) -> a * b);
        c.input(shape).check((g, in) -> g.op("Flatten", Map.of("axis", (long) axis), Graph.Type.FLOAT, new long[] {outer, inner}, in));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void reshapeWithAnInferredAndACopiedDimension(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[] shape = randomShape(c, 3);
        c.input(shape).check((g, in) -> g.op("Reshape", Map.of(), Graph.Type.FLOAT, new long[] {shape[0], shape[1] * shape[2]},
                in[0], g.int64s(0, -1)));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void identity(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[] shape = randomShape(c, 2);
        c.input(shape).check((g, in) -> g.op("Identity", Map.of(), Graph.Type.FLOAT, shape, in));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void transpose(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[] shape = randomShape(c, 3);
        List<Long> axes = new ArrayList<>(List.of(0L, 1L, 2L));
        Collections.shuffle(axes, new java.util.Random(seed));
        long[] perm = axes.stream().mapToLong(Long::longValue).toArray();
        long[] out = Arrays.stream(perm).map(p -> shape[(int) p]).toArray();
        Map<String, Object> attributes = seed == 1 ? Map.of() : Map.of("perm", perm);
        long[] reversed = {shape[2], shape[1], shape[0]};
        c.input(shape).check((g, in) -> g.op("Transpose", attributes, Graph.Type.FLOAT, seed == 1 ? reversed : out, in));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void concat(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[] shape = randomShape(c, 3);
        int axis = c.size(0, 2);
        long[] other = shape.clone();
        other[axis] = c.size(1, 3);
        long[] out = shape.clone();
        out[axis] += 2 * other[axis];
        long attribute = seed % 2 == 0 ? axis - 3 : axis; // negative axes count from the end
        c.input(shape).input(other).input(other);
        c.check((g, in) -> g.op("Concat", Map.of("axis", attribute), Graph.Type.FLOAT, out, in));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void softmax(long seed) throws Exception {
        alongAnAxis("Softmax", seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void logSoftmax(long seed) throws Exception {
        alongAnAxis("LogSoftmax", seed);
    }

    private static void alongAnAxis(String op, long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[] shape = randomShape(c, 3);
        Map<String, Object> attributes = seed == 1 ? Map.of() : Map.of("axis", (long) c.size(-3, 2));
        c.input(shape).check((g, in) -> g.op(op, attributes, Graph.Type.FLOAT, shape, in));
    }

    /** Random axes of a rank-3 shape and the reduced shape. */
    private static long[] reduced(long[] shape, long[] axes, boolean keep) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            final int axis = i;
            boolean gone = axes.length == 0 || Arrays.stream(axes).anyMatch(a -> Math.floorMod(a, 3) == axis);
            if (!gone || keep) {
                out.add(gone ? 1 : shape[i]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] randomAxes(RuleCheck c) {
        List<Long> axes = new ArrayList<>(List.of(0L, 1L, -1L));
        Collections.shuffle(axes, new java.util.Random(c.size(0, 1000)));
        return axes.subList(0, c.size(0, 2)).stream().mapToLong(Long::longValue).toArray();
    }

    /** ReduceSum takes its axes as an input (opset 13), ReduceMean as an attribute (until opset 18). */
    @ParameterizedTest
    @CsvSource({"ReduceSum, 1", "ReduceSum, 2", "ReduceSum, 3", "ReduceSum, 4", "ReduceSum, 5", "ReduceSum, 6",
        "ReduceMean, 1", "ReduceMean, 2", "ReduceMean, 3", "ReduceMean, 4", "ReduceMean, 5", "ReduceMean, 6"})
    void reduce(String op, long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long[] shape = randomShape(c, 3);
        long[] axes = randomAxes(c);
        long keep = seed % 2;
        boolean axesInput = op.equals("ReduceSum");
        Map<String, Object> attributes = axesInput || axes.length == 0 ? Map.of("keepdims", keep) : Map.of("keepdims", keep, "axes", axes);
        c.input(shape).check((g, in) -> g.op(op, attributes, Graph.Type.FLOAT, reduced(shape, axes, keep == 1),
                axesInput && axes.length > 0 ? new String[] {in[0], g.int64s(axes)} : in));
    }

    /** Refused wherever it is, on theta's path or not (ORT would run it as identity, or draw its own mask). */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void dropoutIsRefusedOnBothBackendsNamingItsNode(boolean onThetasPath) {
        Graph g = new Graph();
        String theta = g.input("theta", Graph.Type.FLOAT, 4);
        String x = g.input("x", Graph.Type.FLOAT, 4);
        String d = g.op("Dropout", Map.of(), Graph.Type.FLOAT, new long[] {4}, onThetasPath ? theta : x, g.scalar(0.5f));
        String product = g.floatOp("Mul", Map.of(), d, onThetasPath ? x : theta, d);
        g.opNamed("loss", "ReduceSum", Map.of("keepdims", 0L), Graph.Type.FLOAT, new long[0], product);
        String expected = "Dropout (output " + d + "): " + StandardRules.REFUSED.get("Dropout");
        assertEquals(expected, assertThrows(UnsupportedOperationException.class,
                () -> TrainStepCompiler.standard().compile(g, "theta")).getMessage());
        assertEquals(expected, assertThrows(UnsupportedOperationException.class, () -> new JavaGraph(g)).getMessage());
    }

    /** As torch.onnx.export writes x.view(rows, -1) * scale: Constant int64 shape into Reshape, a Constant float tensor. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void constantNodesWithATensorValueFeedReshapeAndMul(long seed) throws Exception {
        RuleCheck c = new RuleCheck(seed);
        long rows = c.size(1, 4);
        long cols = c.size(1, 4);
        float[] scale = new float[(int) (rows * cols)];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = (float) c.random().nextGaussian();
        }
        c.input(rows * cols).check((g, in) -> {
            String shape = g.op("Constant", Map.of("value", TensorValue.int64s(rows, -1)), Graph.Type.INT64, new long[] {2});
            String x = g.op("Reshape", Map.of(), Graph.Type.FLOAT, new long[] {rows, cols}, in[0], shape);
            String s = g.op("Constant", Map.of("value", TensorValue.floats(scale, rows, cols)), Graph.Type.FLOAT, new long[] {rows, cols});
            return g.floatOp("Mul", Map.of(), x, x, s);
        });
    }
}
