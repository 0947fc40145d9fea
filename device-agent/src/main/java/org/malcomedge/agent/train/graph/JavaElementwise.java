package org.malcomedge.agent.train.graph;

import java.util.Map;

/** The element-wise operators in Java: binary ones broadcast (their gradients summed back to each input's shape). */
final class JavaElementwise {

    /** y = f(a, b). */
    private interface Function2 {
        double apply(double a, double b);
    }

    /** A partial derivative of y = f(a, b). */
    private interface Partial {
        double at(double a, double b, double y);
    }

    /** y = f(x), with the node for its attributes. */
    private interface Function1 {
        double apply(Node node, double x);
    }

    /** dy/dx of y = f(x). */
    private interface Slope {
        double at(Node node, double x, double y);
    }

    private JavaElementwise() {
    }

    static void register(Map<String, JavaOp> ops) {
        ops.put("Add", binary(Double::sum, (a, b, y) -> 1, (a, b, y) -> 1));
        ops.put("Sub", binary((a, b) -> a - b, (a, b, y) -> 1, (a, b, y) -> -1));
        ops.put("Mul", binary((a, b) -> a * b, (a, b, y) -> b, (a, b, y) -> a));
        ops.put("Div", binary((a, b) -> a / b, (a, b, y) -> 1 / b, (a, b, y) -> -y / b));
        ops.put("Pow", binary(Math::pow, (a, b, y) -> b * Math.pow(a, b - 1), null));
        ops.put("Relu", unary((node, x) -> Math.max(x, 0), (node, x, y) -> y > 0 ? 1 : 0));
        ops.put("LeakyRelu", unary((node, x) -> x >= 0 ? x : alpha(node) * x, (node, x, y) -> x > 0 ? 1 : alpha(node)));
        ops.put("Sigmoid", unary((node, x) -> 1 / (1 + Math.exp(-x)), (node, x, y) -> y * (1 - y)));
        ops.put("Tanh", unary((node, x) -> Math.tanh(x), (node, x, y) -> 1 - y * y));
        ops.put("Sqrt", unary((node, x) -> Math.sqrt(x), (node, x, y) -> 1 / (2 * y)));
    }

    private static double alpha(Node node) {
        return node.floatAttribute("alpha", 0.01f);
    }

    private static JavaOp binary(Function2 f, Partial da, Partial db) {
        return new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                int[] shape = Tensor.broadcast(in[0].shape(), in[1].shape());
                int[] ia = Tensor.broadcastIndex(shape, in[0].shape());
                int[] ib = Tensor.broadcastIndex(shape, in[1].shape());
                double[] a = in[0].data();
                double[] b = in[1].data();
                double[] y = new double[ia.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = f.apply(a[ia[i]], b[ib[i]]);
                }
                return new Tensor(shape, y);
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                if (needs[1] && db == null) {
                    throw new UnsupportedOperationException(node.opType() + " gradient (output " + node.output()
                            + "): only a constant exponent is supported");
                }
                Tensor[] grads = new Tensor[2];
                for (int k = 0; k < 2; k++) {
                    if (needs[k]) {
                        grads[k] = Tensor.unbroadcast(partial(in, out[0], dy, k == 0 ? da : db), in[k].shape());
                    }
                }
                return grads;
            }
        };
    }

    private static Tensor partial(Tensor[] in, Tensor y, Tensor dy, Partial partial) {
        int[] shape = y.shape();
        int[] ia = Tensor.broadcastIndex(shape, in[0].shape());
        int[] ib = Tensor.broadcastIndex(shape, in[1].shape());
        double[] g = new double[ia.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = dy.data()[i] * partial.at(in[0].data()[ia[i]], in[1].data()[ib[i]], y.data()[i]);
        }
        return new Tensor(shape, g);
    }

    private static JavaOp unary(Function1 f, Slope slope) {
        return new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                double[] x = in[0].data();
                double[] y = new double[x.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = f.apply(node, x[i]);
                }
                return new Tensor(in[0].shape(), y);
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                double[] x = in[0].data();
                double[] y = out[0].data();
                double[] g = new double[x.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = dy.data()[i] * slope.at(node, x[i], y[i]);
                }
                return new Tensor[] {new Tensor(in[0].shape(), g)};
            }
        };
    }
}
