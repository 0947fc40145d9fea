package org.malcomedge.agent.train.graph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a forward {@link Graph} in Java, in double precision, and differentiates it in reverse
 * with each operator's {@link JavaOp}: the Java backend's counterpart of {@link TrainStepCompiler}
 * plus ONNX Runtime, for the same operators. Immutable; safe to share between threads.
 */
public final class JavaGraph {

    private static final Map<String, JavaOp> OPS = new HashMap<>();

    static {
        JavaLinear.register(OPS);
        JavaElementwise.register(OPS);
        JavaShapes.register(OPS);
        JavaReductions.register(OPS);
        JavaWindows.register(OPS);
    }

    private final Graph graph;
    private final Map<String, Tensor> constants = new HashMap<>();

    /**
     * @throws UnsupportedOperationException naming the first operator the Java backend lacks
     */
    public JavaGraph(Graph graph) {
        this.graph = graph;
        for (Node node : graph.nodes()) {
            TrainStepCompiler.refuse(node);
            if (!OPS.containsKey(node.opType())) {
                throw new UnsupportedOperationException("the Java backend has no kernel for operator " + node.opType()
                        + " (output " + node.output() + ")");
            }
        }
        for (String name : graph.constants()) {
            int[] shape = java.util.Arrays.stream(graph.shape(name)).mapToInt(Math::toIntExact).toArray();
            float[] floats = graph.floatValues(name);
            constants.put(name, floats != null ? Tensor.of(floats, shape)
                    : new Tensor(shape, java.util.Arrays.stream(graph.int64Values(name)).asDoubleStream().toArray()));
        }
    }

    /** Every value of the forward pass: the inputs, the constants and each node's outputs. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Map<String, Tensor> values = new HashMap<>(constants);
        for (String input : graph.inputs()) {
            Tensor t = inputs.get(input);
            if (t == null) {
                throw new IllegalArgumentException("no value for graph input " + input);
            }
            values.put(input, t);
        }
        for (Node node : graph.nodes()) {
            Tensor[] outputs = OPS.get(node.opType()).forward(node, inputsOf(node, values));
            for (int i = 0; i < outputs.length && i < node.outputs().size(); i++) {
                values.put(node.outputs().get(i), outputs[i]);
            }
        }
        return values;
    }

    /** d(output)/d(parameter) for a scalar {@code output}, from the values of {@link #run}. */
    public Tensor gradient(Map<String, Tensor> values, String output, String parameter) {
        List<Node> nodes = graph.nodes();
        Set<String> dependent = new HashSet<>();
        dependent.add(parameter);
        for (Node node : nodes) {
            if (node.inputs().stream().anyMatch(dependent::contains)) {
                dependent.addAll(node.outputs());
            }
        }
        Map<String, Tensor> gradients = new HashMap<>();
        gradients.put(output, new Tensor(new int[0], new double[] {1}));
        for (int n = nodes.size() - 1; n >= 0; n--) {
            Node node = nodes.get(n);
            Tensor dy = gradients.get(node.output());
            boolean[] needs = new boolean[node.inputs().size()];
            boolean any = false;
            for (int i = 0; i < needs.length; i++) {
                needs[i] = dependent.contains(node.input(i));
                any |= needs[i];
            }
            if (dy == null || !any) {
                continue;
            }
            Tensor[] outputs = node.outputs().stream().map(values::get).toArray(Tensor[]::new);
            Tensor[] grads = OPS.get(node.opType()).backward(node, inputsOf(node, values), outputs, dy, needs);
            for (int i = 0; i < needs.length; i++) {
                if (needs[i]) {
                    gradients.merge(node.input(i), grads[i], JavaGraph::sum);
                }
            }
        }
        Tensor g = gradients.get(parameter);
        if (g == null) {
            throw new IllegalArgumentException("the " + output + " does not depend on " + parameter);
        }
        return g;
    }

    private static Tensor[] inputsOf(Node node, Map<String, Tensor> values) {
        Tensor[] in = new Tensor[node.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = node.input(i).isEmpty() ? null : values.get(node.input(i));
        }
        return in;
    }

    private static Tensor sum(Tensor a, Tensor b) {
        double[] s = a.data().clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += b.data()[i];
        }
        return new Tensor(a.shape(), s);
    }
}
