package org.malcomedge.agent.train.graph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Differentiates a forward graph into a train-step graph (DESIGN.md section 2): the forward nodes,
 * then a reverse sweep in which each node's {@link GradientRule} emits the backward pass of that
 * operator as standard ONNX operators. The result has outputs {@value #LOSS} [] and
 * {@value #GRADIENT} [d], the gradient of the loss with respect to the parameter input.
 */
public final class TrainStepCompiler {

    public static final String LOSS = "loss";
    public static final String GRADIENT = "grad";

    private final Map<String, GradientRule> rules = new HashMap<>();

    private TrainStepCompiler() {
    }

    /** A compiler knowing every standard rule ({@link StandardRules}; device-agent/README.md lists the operators). */
    public static TrainStepCompiler standard() {
        TrainStepCompiler compiler = new TrainStepCompiler();
        StandardRules.register(compiler);
        return compiler;
    }

    /** Adds or replaces the rule for {@code opType}. */
    public TrainStepCompiler rule(String opType, GradientRule rule) {
        rules.put(opType, rule);
        return this;
    }

    /** Whether {@code opType} has a gradient rule. */
    public boolean differentiates(String opType) {
        return rules.containsKey(opType);
    }

    /**
     * @param forward   a graph computing the scalar value named {@value #LOSS}
     * @param parameter the 1-D input to differentiate with respect to (theta)
     * @throws UnsupportedOperationException when an operator between parameter and loss has no rule
     */
    public Graph compile(Graph forward, String parameter) {
        Graph step = forward.copyWithoutOutputs();
        if (step.typeOf(LOSS).rank() != 0) {
            throw new IllegalArgumentException("the loss must be a scalar, got shape " + java.util.Arrays.toString(step.shape(LOSS)));
        }
        List<Node> nodes = List.copyOf(step.nodes());
        nodes.forEach(TrainStepCompiler::refuse);
        Backward backward = new Backward(step, dependents(nodes, parameter));
        backward.add(LOSS, step.constant(new float[] {1f}));
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            boolean outputsHaveGradient = node.outputs().stream().anyMatch(backward::hasGradient);
            boolean inputsNeedGradient = node.inputs().stream().anyMatch(backward::needsGradient);
            if (outputsHaveGradient && inputsNeedGradient) {
                GradientRule rule = rules.get(node.opType());
                if (rule == null) {
                    throw new UnsupportedOperationException("cannot differentiate operator " + node.opType()
                            + " (output " + node.output() + "): no gradient rule");
                }
                rule.backward(node, backward);
            }
        }
        if (!backward.hasGradient(parameter)) {
            throw new IllegalArgumentException("the loss does not depend on " + parameter);
        }
        backward.gradientNamed(parameter, GRADIENT);
        step.output(LOSS);
        step.output(GRADIENT);
        return step;
    }

    /** Throws for an operator refused in a model to train (StandardRules.REFUSED), naming the node. */
    static void refuse(Node node) {
        String reason = StandardRules.REFUSED.get(node.opType());
        if (reason != null) {
            throw new UnsupportedOperationException(node.opType() + " (output " + node.output() + "): " + reason);
        }
    }

    /** The values computed from {@code parameter}: those that need a gradient. */
    private static Set<String> dependents(List<Node> nodes, String parameter) {
        Set<String> dependent = new HashSet<>();
        dependent.add(parameter);
        for (Node node : nodes) {
            if (node.inputs().stream().anyMatch(dependent::contains)) {
                dependent.addAll(node.outputs());
            }
        }
        return dependent;
    }
}
