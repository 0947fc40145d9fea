package org.malcomedge.agent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.train.graph.Graph;
import org.malcomedge.agent.train.graph.TrainStepCompiler;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

/** The compiler on graphs other than the MLP builder's: other operators, shared parameters, missing rules. */
class CompilerTest {

    private static final ModelSpec SPEC = ModelSpec.parse("mlp:6", 5, 3);

    /**
     * The same MLP written with MatMul + Add (bias broadcast) and with the output bias also read a
     * second time, overlapping the first layer's weights: the gradient then needs Pad + Add.
     */
    private static Graph matMulAddForward(boolean sharedSlice) {
        Graph g = new Graph();
        String theta = g.input("theta", Graph.Type.FLOAT, SPEC.dimension());
        String h = g.input("x", Graph.Type.FLOAT, Graph.DYNAMIC, SPEC.inputs());
        for (ModelSpec.Layer layer : SPEC.layers()) {
            long[] shape = {Graph.DYNAMIC, layer.out()};
            String w = g.op("Reshape", Map.of(), Graph.Type.FLOAT, new long[] {layer.in(), layer.out()},
                    slice(g, theta, layer.weightOffset(), layer.weights()), g.int64s(layer.in(), layer.out()));
            String z = g.op("Add", Map.of(), Graph.Type.FLOAT, shape, g.op("MatMul", Map.of(), Graph.Type.FLOAT, shape, h, w),
                    slice(g, theta, layer.biasOffset(), layer.out()));
            if (sharedSlice && !layer.relu()) {
                z = g.op("Add", Map.of(), Graph.Type.FLOAT, shape, z, slice(g, theta, 0, layer.out()));
            }
            h = layer.relu() ? g.op("Relu", Map.of(), Graph.Type.FLOAT, shape, z) : z;
        }
        g.opNamed("loss", "SoftmaxCrossEntropyLoss", Map.of(), Graph.Type.FLOAT, new long[0], h,
                g.input("y", Graph.Type.INT32, Graph.DYNAMIC));
        return g;
    }

    private static String slice(Graph g, String theta, int offset, int length) {
        return g.op("Slice", Map.of(), Graph.Type.FLOAT, new long[] {length}, theta, g.int64s(offset), g.int64s(offset + length), g.int64s(0));
    }

    @Test
    void matMulAddGraphHasTheMlpGradient() throws Exception {
        int rows = 7;
        SplittableRandom random = new SplittableRandom(5);
        float[] theta = SPEC.initialize(1);
        float[] x = new float[rows * SPEC.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int[] y = random.ints(rows, 0, 3).toArray();
        float[] expected = new float[theta.length];
        try (Trainer java = Trainers.create(SPEC, Backend.JAVA, 1)) {
            java.lossAndGradient(theta, x, y, rows, expected);
        }
        float[] plain = run(TrainStepCompiler.standard().compile(matMulAddForward(false), "theta"), theta, x, y, rows);
        assertTrue(GradientTest.relativeError(plain, GradientTest.toDouble(expected)) < 1e-5);

        // Sharing theta[0:3] as a second output bias adds dlogits summed over the batch to those entries.
        float[] shared = run(TrainStepCompiler.standard().compile(matMulAddForward(true), "theta"), theta, x, y, rows);
        float[] reference = plainWithSharedBias(theta, x, y, rows);
        int bias = SPEC.layers().get(1).biasOffset();
        for (int k = 0; k < theta.length; k++) {
            double expectedK = k < 3 ? reference[k] + reference[bias + k] : reference[k];
            assertEquals(expectedK, shared[k], 1e-5, "entry " + k);
        }
    }

    /** Java gradient of the shared model: as the MLP, but with theta[0:3] added to the logits. */
    private static float[] plainWithSharedBias(float[] theta, float[] x, int[] y, int rows) {
        float[] shifted = theta.clone();
        int bias = SPEC.layers().get(1).biasOffset();
        for (int j = 0; j < 3; j++) {
            shifted[bias + j] += theta[j];
        }
        float[] g = new float[theta.length];
        try (Trainer java = Trainers.create(SPEC, Backend.JAVA, 1)) {
            java.lossAndGradient(shifted, x, y, rows, g);
        }
        return g;
    }

    @Test
    void operatorsWithoutARuleAreNamed() {
        Graph g = new Graph();
        String theta = g.input("theta", Graph.Type.FLOAT, 3);
        String t = g.op("Tanh", Map.of(), Graph.Type.FLOAT, new long[] {3}, theta);
        String cos = g.op("Cos", Map.of(), Graph.Type.FLOAT, new long[] {3}, t);
        g.opNamed("loss", "ReduceSum", Map.of("keepdims", 0L), Graph.Type.FLOAT, new long[0], cos);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> TrainStepCompiler.standard().compile(g, "theta"));
        assertEquals("cannot differentiate operator Cos (output " + cos + "): no gradient rule", e.getMessage());
    }

    @Test
    void trainStepGraphHasLossAndGradOutputs() {
        Graph step = ModelGraphs.trainStep(SPEC);
        assertEquals(List.of("loss", "grad"), step.outputs());
        assertEquals(List.of("theta", "x", "y"), step.inputs());
        assertEquals(1, step.nodes().stream().filter(n -> n.opType().equals("Concat")).count(), "one Concat joins the layer gradients");
    }

    private static float[] run(Graph step, float[] theta, float[] x, int[] y, int rows) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = OrtModel.session(env, step, 1);
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(theta), new long[] {theta.length});
             OnnxTensor xs = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {rows, SPEC.inputs()});
             OnnxTensor ys = OnnxTensor.createTensor(env, IntBuffer.wrap(y), new long[] {rows});
             OrtSession.Result result = session.run(Map.of("theta", t, "x", xs, "y", ys))) {
            return (float[]) result.get("grad").orElseThrow().getValue();
        }
    }
}
