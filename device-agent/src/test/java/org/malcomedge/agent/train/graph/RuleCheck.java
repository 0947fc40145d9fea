package org.malcomedge.agent.train.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Checks one operator's gradient on both backends: its differentiable inputs are slices of theta,
 * loss = sum(op(...) * R) for a random R. The ORT train step (the operator's GradientRule) and the
 * Java backend (its JavaOp) must each match central differences of the double-precision Java
 * forward pass, and agree with each other and on the loss within 1e-4.
 */
public final class RuleCheck {

    /** Emits the operator under test on the inputs (slices of theta shaped as asked) and returns its output. */
    interface Op {
        String emit(Graph g, String[] inputs);
    }

    private final SplittableRandom random;
    private final List<long[]> shapes = new ArrayList<>();
    private final List<Boolean> positive = new ArrayList<>();

    RuleCheck(long seed) {
        this.random = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return random;
    }

    /** A random size in [from, to]. */
    int size(int from, int to) {
        return random.nextInt(from, to + 1);
    }

    /** Adds a differentiable input of this shape with standard normal values. */
    RuleCheck input(long... shape) {
        shapes.add(shape);
        positive.add(false);
        return this;
    }

    /** Adds a differentiable input with values in [0.5, 2.5) (a denominator, a square root's argument). */
    RuleCheck positiveInput(long... shape) {
        shapes.add(shape);
        positive.add(true);
        return this;
    }

    /** Runs the check; returns the compiled train step for further assertions. */
    Graph check(Op op) throws Exception {
        Graph g = new Graph();
        int dimension = 0;
        for (long[] shape : shapes) {
            dimension += (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
        String theta = g.input("theta", Graph.Type.FLOAT, dimension);
        String[] inputs = new String[shapes.size()];
        float[] values = new float[dimension];
        int offset = 0;
        for (int i = 0; i < inputs.length; i++) {
            long[] shape = shapes.get(i);
            int length = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            String flat = g.op("Slice", Map.of(), Graph.Type.FLOAT, new long[] {length}, theta,
                    g.int64s(offset), g.int64s(offset + length), g.int64s(0));
            inputs[i] = g.op("Reshape", Map.of(), Graph.Type.FLOAT, shape, flat, g.int64s(shape));
            for (int k = offset; k < offset + length; k++) {
                values[k] = (float) (positive.get(i) ? random.nextDouble(0.5, 2.5) : random.nextGaussian());
            }
            offset += length;
        }
        String out = op.emit(g, inputs);
        long[] outShape = g.shape(out);
        float[] weights = new float[(int) Arrays.stream(outShape).reduce(1, (a, b) -> a * b)];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = (float) random.nextGaussian();
        }
        String weighted = g.floatOp("Mul", Map.of(), out, out, g.constant(weights, outShape));
        g.opNamed(TrainStepCompiler.LOSS, "ReduceSum", Map.of("keepdims", 0L), Graph.Type.FLOAT, new long[0], weighted);

        Graph step = TrainStepCompiler.standard().compile(g, "theta");
        float[] ortGradient = new float[dimension];
        float ortLoss = runOrt(step, values, ortGradient);

        JavaGraph java = new JavaGraph(g);
        Map<String, Tensor> forward = java.run(Map.of("theta", Tensor.of(values, dimension)));
        double javaLoss = forward.get(TrainStepCompiler.LOSS).data()[0];
        double[] javaGradient = java.gradient(forward, TrainStepCompiler.LOSS, "theta").data();
        double[] numeric = centralDifferences(java, values);

        String what = step.nodes().stream().map(Node::opType).distinct().toList().toString();
        assertEquals(javaLoss, ortLoss, 1e-4 * Math.max(1, Math.abs(javaLoss)), "loss, ORT vs Java");
        assertTrue(relativeError(ortGradient, numeric) < 1e-4, "ORT vs finite differences " + relativeError(ortGradient, numeric) + " " + what);
        assertTrue(relativeError(javaGradient, numeric) < 1e-6, "Java vs finite differences " + relativeError(javaGradient, numeric));
        assertTrue(relativeError(ortGradient, javaGradient) < 1e-4, "ORT vs Java " + relativeError(ortGradient, javaGradient));
        return step;
    }

    private static float runOrt(Graph step, float[] theta, float[] gradient) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(step.toOnnx("rule-check"));
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(theta), new long[] {theta.length});
             OrtSession.Result result = session.run(Map.of("theta", t))) {
            float[] g = (float[]) result.get(TrainStepCompiler.GRADIENT).orElseThrow().getValue();
            System.arraycopy(g, 0, gradient, 0, g.length);
            return (float) result.get(TrainStepCompiler.LOSS).orElseThrow().getValue();
        }
    }

    private static double[] centralDifferences(JavaGraph java, float[] values) {
        double h = 1e-6;
        double[] theta = new double[values.length];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = values[k];
        }
        double[] g = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            double saved = theta[k];
            theta[k] = saved + h;
            double up = loss(java, theta);
            theta[k] = saved - h;
            double down = loss(java, theta);
            theta[k] = saved;
            g[k] = (up - down) / (2 * h);
        }
        return g;
    }

    private static double loss(JavaGraph java, double[] theta) {
        Tensor t = new Tensor(new int[] {theta.length}, theta.clone());
        return java.run(Map.of("theta", t)).get(TrainStepCompiler.LOSS).data()[0];
    }

    /** ||actual - expected|| / ||expected|| (the tests' measure of agreement). */
    public static double relativeError(float[] actual, double[] expected) {
        double[] a = new double[actual.length];
        for (int k = 0; k < a.length; k++) {
            a[k] = actual[k];
        }
        return relativeError(a, expected);
    }

    public static double relativeError(double[] actual, double[] expected) {
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < actual.length; k++) {
            diff += (actual[k] - expected[k]) * (actual[k] - expected[k]);
            norm += expected[k] * expected[k];
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
    }
}
