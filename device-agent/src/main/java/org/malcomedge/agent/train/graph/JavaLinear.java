package org.malcomedge.agent.train.graph;

import java.util.Map;

/** Gemm and MatMul (2-D) in Java. */
final class JavaLinear {

    /** Y [m, n] = alpha op(A) op(B) + beta C; op(A) is [m, k], op(B) is [k, n]. */
    private record Product(Tensor a, Tensor b, boolean transA, boolean transB, double alpha, int m, int k, int n) {
        static Product of(Node node, Tensor a, Tensor b, boolean transA, boolean transB, double alpha) {
            if (a.rank() != 2 || b.rank() != 2) {
                throw new UnsupportedOperationException(node.opType() + " (output " + node.output() + "): only 2-D operands are supported");
            }
            int m = transA ? a.dim(1) : a.dim(0);
            int k = transA ? a.dim(0) : a.dim(1);
            int kb = transB ? b.dim(1) : b.dim(0);
            if (k != kb) {
                throw new IllegalArgumentException(node.opType() + " (output " + node.output() + "): inner dimensions " + k + " and " + kb);
            }
            return new Product(a, b, transA, transB, alpha, m, k, transB ? b.dim(0) : b.dim(1));
        }

        int atA(int row, int col) {
            return transA ? col * m + row : row * k + col;
        }

        int atB(int row, int col) {
            return transB ? col * k + row : row * n + col;
        }

        double[] multiply() {
            double[] y = new double[m * n];
            double[] av = a.data();
            double[] bv = b.data();
            for (int i = 0; i < m; i++) {
                for (int l = 0; l < k; l++) {
                    double ail = alpha * av[atA(i, l)];
                    for (int j = 0; j < n; j++) {
                        y[i * n + j] += ail * bv[atB(l, j)];
                    }
                }
            }
            return y;
        }

        /** dA, laid out as A: alpha dY op(B)^T. */
        Tensor gradientA(double[] dy) {
            double[] g = new double[m * k];
            double[] bv = b.data();
            for (int i = 0; i < m; i++) {
                for (int l = 0; l < k; l++) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += dy[i * n + j] * bv[atB(l, j)];
                    }
                    g[atA(i, l)] = alpha * sum;
                }
            }
            return new Tensor(a.shape(), g);
        }

        /** dB, laid out as B: alpha op(A)^T dY. */
        Tensor gradientB(double[] dy) {
            double[] g = new double[k * n];
            double[] av = a.data();
            for (int i = 0; i < m; i++) {
                for (int l = 0; l < k; l++) {
                    double ail = alpha * av[atA(i, l)];
                    for (int j = 0; j < n; j++) {
                        g[atB(l, j)] += ail * dy[i * n + j];
                    }
                }
            }
            return new Tensor(b.shape(), g);
        }
    }

    private JavaLinear() {
    }

    static void register(Map<String, JavaOp> ops) {
        ops.put("Gemm", new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                Product p = product(node, in);
                double[] y = p.multiply();
                if (in.length > 2 && in[2] != null) {
                    int[] index = Tensor.broadcastIndex(new int[] {p.m(), p.n()}, in[2].shape());
                    double beta = node.floatAttribute("beta", 1f);
                    for (int i = 0; i < y.length; i++) {
                        y[i] += beta * in[2].data()[index[i]];
                    }
                }
                return new Tensor(new int[] {p.m(), p.n()}, y);
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                Tensor[] grads = products(product(node, in), dy, needs);
                if (needs.length > 2 && needs[2]) {
                    double beta = node.floatAttribute("beta", 1f);
                    double[] scaled = dy.data().clone();
                    for (int i = 0; i < scaled.length; i++) {
                        scaled[i] *= beta;
                    }
                    grads[2] = Tensor.unbroadcast(new Tensor(dy.shape(), scaled), in[2].shape());
                }
                return grads;
            }
        });
        ops.put("MatMul", new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                Product p = Product.of(node, in[0], in[1], false, false, 1);
                return new Tensor(new int[] {p.m(), p.n()}, p.multiply());
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                return products(Product.of(node, in[0], in[1], false, false, 1), dy, needs);
            }
        });
    }

    private static Product product(Node node, Tensor[] in) {
        return Product.of(node, in[0], in[1], node.intAttribute("transA", 0) != 0, node.intAttribute("transB", 0) != 0,
                node.floatAttribute("alpha", 1f));
    }

    private static Tensor[] products(Product p, Tensor dy, boolean[] needs) {
        Tensor[] grads = new Tensor[needs.length];
        grads[0] = needs[0] ? p.gradientA(dy.data()) : null;
        grads[1] = needs[1] ? p.gradientB(dy.data()) : null;
        return grads;
    }
}
