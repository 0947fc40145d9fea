package org.malcomedge.agent.train.graph;

import java.util.Map;

/**
 * Gradient rules of the element-wise operators. The binary ones broadcast (numpy rules), so each
 * input's gradient is summed back to that input's shape ({@link Backward#unbroadcast}).
 */
final class ElementwiseRules {

    private ElementwiseRules() {
    }

    static void register(TrainStepCompiler compiler) {
        compiler.rule("Add", ElementwiseRules::add);
        compiler.rule("Sub", ElementwiseRules::sub);
        compiler.rule("Mul", ElementwiseRules::mul);
        compiler.rule("Div", ElementwiseRules::div);
        compiler.rule("Relu", ElementwiseRules::relu);
        compiler.rule("LeakyRelu", ElementwiseRules::leakyRelu);
        compiler.rule("Sigmoid", ElementwiseRules::sigmoid);
        compiler.rule("Tanh", ElementwiseRules::tanh);
        compiler.rule("Sqrt", ElementwiseRules::sqrt);
        compiler.rule("Pow", ElementwiseRules::pow);
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
        String dy = b.gradient(node.output());
        addBroadcast(b, node.input(0), dy);
        if (b.needsGradient(node.input(1))) {
            addBroadcast(b, node.input(1), b.graph().floatOp("Neg", Map.of(), dy, dy));
        }
    }

    /** Y = A B: dA = dY B, dB = dY A. */
    static void mul(Node node, Backward b) {
        Graph g = b.graph();
        String dy = b.gradient(node.output());
        String a = node.input(0);
        String c = node.input(1);
        if (b.needsGradient(a)) {
            addBroadcast(b, a, g.floatOp("Mul", Map.of(), dy, dy, c));
        }
        if (b.needsGradient(c)) {
            addBroadcast(b, c, g.floatOp("Mul", Map.of(), dy, dy, a));
        }
    }

    /** Y = A / B: dA = dY / B, dB = -dY Y / B. */
    static void div(Node node, Backward b) {
        Graph g = b.graph();
        String dy = b.gradient(node.output());
        String a = node.input(0);
        String c = node.input(1);
        if (b.needsGradient(a)) {
            addBroadcast(b, a, g.floatOp("Div", Map.of(), dy, dy, c));
        }
        if (b.needsGradient(c)) {
            String quotient = g.floatOp("Div", Map.of(), dy, g.floatOp("Mul", Map.of(), dy, dy, node.output()), c);
            addBroadcast(b, c, g.floatOp("Neg", Map.of(), dy, quotient));
        }
    }

    private static void addBroadcast(Backward b, String input, String gradient) {
        if (b.needsGradient(input)) {
            b.add(input, b.unbroadcast(gradient, input));
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
