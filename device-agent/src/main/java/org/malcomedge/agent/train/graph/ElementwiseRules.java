package org.malcomedge.agent.train.graph;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Gradient rules of the element-wise operators. The binary ones broadcast (numpy rules), so each
 * input's gradient is summed back to that input's shape ({@link Backward#unbroadcast}).
 */
final class ElementwiseRules {

    private ElementwiseRules() {
    }

    /** Y = A + B: each input gets dY summed to its shape. */
    static void add(Node node, Backward b) {
        String dy = b.gradient(node.output());
        for (String input : node.inputs()) {
            if (b.needsGradient(input)) {
                b.add(input, b.unbroadcast(dy, input));
            }
        }
    }

    /** Y = A - B: dA = dY, dB = -dY, each summed to its input's shape. */
    static void sub(Node node, Backward b) {
        Graph g = b.graph();
        eachInput(node, b, dy -> dy, dy -> g.floatOp("Neg", Map.of(), dy, dy));
    }

    /** Y = A B: dA = dY B, dB = dY A. */
    static void mul(Node node, Backward b) {
        Graph g = b.graph();
        eachInput(node, b, dy -> g.floatOp("Mul", Map.of(), dy, dy, node.input(1)), dy -> g.floatOp("Mul", Map.of(), dy, dy, node.input(0)));
    }

    /** Y = A / B: dA = dY / B, dB = -dY Y / B. */
    static void div(Node node, Backward b) {
        Graph g = b.graph();
        String c = node.input(1);
        eachInput(node, b, dy -> g.floatOp("Div", Map.of(), dy, dy, c),
                dy -> g.floatOp("Neg", Map.of(), dy, g.floatOp("Div", Map.of(), dy, g.floatOp("Mul", Map.of(), dy, dy, node.output()), c)));
    }

    /**
     * For a binary operator: adds {@code first(dY)} to A's gradient and {@code second(dY)} to B's,
     * each summed to its input's shape, emitting only what an input that needs a gradient uses.
     */
    private static void eachInput(Node node, Backward b, UnaryOperator<String> first, UnaryOperator<String> second) {
        String dy = b.gradient(node.output());
        List<UnaryOperator<String>> partials = List.of(first, second);
        for (int i = 0; i < 2; i++) {
            String input = node.input(i);
            if (b.needsGradient(input)) {
                b.add(input, b.unbroadcast(partials.get(i).apply(dy), input));
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

    /** Y = X for X >= 0, alpha X below: dX = dY where X > 0, else alpha dY. */
    static void leakyRelu(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        if (!b.needsGradient(x)) {
            return;
        }
        String dy = b.gradient(node.output());
        String positive = g.op("Greater", Map.of(), Graph.Type.BOOL, g.shape(x), x, g.scalar(0f));
        String scaled = g.floatOp("Mul", Map.of(), x, dy, g.scalar(node.floatAttribute("alpha", 0.01f)));
        b.add(x, g.floatOp("Where", Map.of(), x, positive, dy, scaled));
    }

    /** Y = 1 / (1 + e^-X): dX = dY Y (1 - Y). */
    static void sigmoid(Node node, Backward b) {
        Graph g = b.graph();
        String y = node.output();
        String slope = g.floatOp("Mul", Map.of(), y, y, g.floatOp("Sub", Map.of(), y, g.scalar(1f), y));
        chain(b, node, slope);
    }

    /** Y = tanh(X): dX = dY (1 - Y^2). */
    static void tanh(Node node, Backward b) {
        Graph g = b.graph();
        String y = node.output();
        chain(b, node, g.floatOp("Sub", Map.of(), y, g.scalar(1f), g.floatOp("Mul", Map.of(), y, y, y)));
    }

    /** Y = sqrt(X): dX = dY / (2 Y). */
    static void sqrt(Node node, Backward b) {
        Graph g = b.graph();
        String y = node.output();
        String x = node.input(0);
        if (b.needsGradient(x)) {
            b.add(x, g.floatOp("Div", Map.of(), x, b.gradient(y), g.floatOp("Mul", Map.of(), y, y, g.scalar(2f))));
        }
    }

    /** Y = X^p for a constant scalar p: dX = dY p X^(p-1). */
    static void pow(Node node, Backward b) {
        Graph g = b.graph();
        String x = node.input(0);
        float[] exponent = g.floatValues(node.input(1));
        if (b.needsGradient(node.input(1)) || exponent == null || exponent.length != 1) {
            throw new UnsupportedOperationException("Pow gradient (output " + node.output()
                    + "): only a constant scalar exponent is supported");
        }
        if (!b.needsGradient(x)) {
            return;
        }
        float p = exponent[0];
        String power = g.floatOp("Pow", Map.of(), x, x, g.scalar(p - 1f));
        chain(b, node, g.floatOp("Mul", Map.of(), x, power, g.scalar(p)));
    }

    /** dX = dY times the operator's {@code slope} dY/dX, for a unary operator. */
    private static void chain(Backward b, Node node, String slope) {
        String x = node.input(0);
        if (b.needsGradient(x)) {
            b.add(x, b.graph().floatOp("Mul", Map.of(), x, b.gradient(node.output()), slope));
        }
    }
}
