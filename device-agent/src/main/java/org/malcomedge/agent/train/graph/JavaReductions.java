package org.malcomedge.agent.train.graph;

import java.util.Map;

/** The reducing operators in Java: SoftmaxCrossEntropyLoss, Softmax, LogSoftmax, ReduceSum, ReduceMean. */
final class JavaReductions {

    /** An axis of a tensor seen as [outer, n, inner]. */
    private record Axis(int outer, int n, int inner) {
        static Axis of(Tensor x, long axis) {
            int[] shape = x.shape();
            int a = (int) Math.floorMod(axis, shape.length);
            int outer = 1;
            int inner = 1;
            for (int i = 0; i < a; i++) {
                outer *= shape[i];
            }
            for (int i = a + 1; i < shape.length; i++) {
                inner *= shape[i];
            }
            return new Axis(outer, shape[a], inner);
        }

        int at(int o, int j, int i) {
            return (o * n + j) * inner + i;
        }
    }

    private JavaReductions() {
    }

    static void register(Map<String, JavaOp> ops) {
        ops.put("SoftmaxCrossEntropyLoss", new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                double[] logp = logSoftmax(checked(node, in), 1).data();
                int rows = in[0].dim(0);
                int classes = in[0].dim(1);
                double total = 0;
                for (int b = 0; b < rows; b++) {
                    total -= logp[b * classes + label(in[1], b, classes)];
                }
                return new Tensor(new int[0], new double[] {total / rows});
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                double[] g = logSoftmax(in[0], 1).data();
                int rows = in[0].dim(0);
                int classes = in[0].dim(1);
                double scale = dy.data()[0] / rows;
                for (int i = 0; i < g.length; i++) {
                    g[i] = Math.exp(g[i]) * scale;
                }
                for (int b = 0; b < rows; b++) {
                    g[b * classes + label(in[1], b, classes)] -= scale;
                }
                return new Tensor[] {new Tensor(in[0].shape(), g), null};
            }
        });
        ops.put("Softmax", new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                Tensor y = logSoftmax(in[0], node.intAttribute("axis", -1));
                double[] v = y.data();
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.exp(v[i]);
                }
                return y;
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                return alongAxis(node, out[0], dy, (y, d) -> d * y, (y, d, total) -> y * (d - total));
            }
        });
        ops.put("LogSoftmax", new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                return logSoftmax(in[0], node.intAttribute("axis", -1));
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                return alongAxis(node, out[0], dy, (y, d) -> d, (y, d, total) -> d - Math.exp(y) * total);
            }
        });
        ops.put("ReduceSum", reduce(false));
        ops.put("ReduceMean", reduce(true));
    }

    private static Tensor checked(Node node, Tensor[] in) {
        if (!node.stringAttribute("reduction", "mean").equals("mean") || (in.length > 2 && in[2] != null)
                || node.attributes().containsKey("ignore_index") || in[0].rank() != 2) {
            throw new UnsupportedOperationException("SoftmaxCrossEntropyLoss: only reduction=mean on [B, C] logits"
                    + " without weights or ignore_index is supported");
        }
        return in[0];
    }

    private static int label(Tensor labels, int row, int classes) {
        int label = (int) labels.data()[row];
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " of row " + row + " is not a class in [0, " + classes + ")");
        }
        return label;
    }

    /** A term of the sum along the axis, from y and dy. */
    private interface Term {
        double of(double y, double dy);
    }

    /** dX from y, dy and the line's sum of terms. */
    private interface Combine {
        double of(double y, double dy, double total);
    }

    /** The gradient of Softmax or LogSoftmax along the node's axis: per line, dX = combine(y, dy, sum of term(y, dy)). */
    private static Tensor[] alongAxis(Node node, Tensor out, Tensor dy, Term term, Combine combine) {
        Axis ax = Axis.of(out, node.intAttribute("axis", -1));
        double[] y = out.data();
        double[] d = dy.data();
        double[] g = new double[y.length];
        forEachLine(ax, (o, i) -> {
            double total = 0;
            for (int j = 0; j < ax.n(); j++) {
                total += term.of(y[ax.at(o, j, i)], d[ax.at(o, j, i)]);
            }
            for (int j = 0; j < ax.n(); j++) {
                int at = ax.at(o, j, i);
                g[at] = combine.of(y[at], d[at], total);
            }
        });
        return new Tensor[] {new Tensor(out.shape(), g)};
    }

    private interface Line {
        void at(int outer, int inner);
    }

    private static void forEachLine(Axis ax, Line line) {
        for (int o = 0; o < ax.outer(); o++) {
            for (int i = 0; i < ax.inner(); i++) {
                line.at(o, i);
            }
        }
    }

    /** log softmax of x along axis, computed stably (max subtracted). */
    private static Tensor logSoftmax(Tensor x, long axis) {
        Axis ax = Axis.of(x, axis);
        double[] v = x.data();
        double[] y = new double[v.length];
        forEachLine(ax, (o, i) -> {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < ax.n(); j++) {
                max = Math.max(max, v[ax.at(o, j, i)]);
            }
            double sum = 0;
            for (int j = 0; j < ax.n(); j++) {
                sum += Math.exp(v[ax.at(o, j, i)] - max);
            }
            double log = Math.log(sum) + max;
            for (int j = 0; j < ax.n(); j++) {
                y[ax.at(o, j, i)] = v[ax.at(o, j, i)] - log;
            }
        });
        return new Tensor(x.shape(), y);
    }

    /** The reduction's kept-dims shape, and for each input element the output element it adds to. */
    private record Reduction(int[] kept, int[] shape, int[] index, double scale) {
    }

    /**
     * ReduceSum (axes from the second input, opset 13) or ReduceMean (axes attribute, opset 17);
     * no axes reduce all of them, unless ReduceSum's noop_with_empty_axes.
     */
    private static Reduction reduction(Node node, Tensor[] in, boolean mean) {
        int[] shape = in[0].shape();
        long[] axes = mean ? (long[]) node.attributes().get("axes") : (in.length > 1 && in[1] != null ? in[1].longs() : null);
        boolean all = axes == null || axes.length == 0;
        if (all && !mean && node.intAttribute("noop_with_empty_axes", 0) == 1) {
            return new Reduction(shape, shape, Tensor.walk(shape, Tensor.strides(shape)), 1);
        }
        int[] kept = shape.clone();
        java.util.List<Integer> remaining = new java.util.ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (all || contains(axes, i, shape.length)) {
                kept[i] = 1;
            } else {
                remaining.add(shape[i]);
            }
        }
        int[] out = node.intAttribute("keepdims", 1) == 0 ? remaining.stream().mapToInt(Integer::intValue).toArray() : kept;
        int[] index = Tensor.broadcastIndex(shape, kept);
        double scale = mean ? Tensor.count(kept) / (double) Tensor.count(shape) : 1;
        return new Reduction(kept, out, index, scale);
    }

    private static boolean contains(long[] axes, int axis, int rank) {
        for (long a : axes) {
            if (Math.floorMod(a, rank) == axis) {
                return true;
            }
        }
        return false;
    }

    private static JavaOp reduce(boolean mean) {
        return new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                Reduction r = reduction(node, in, mean);
                double[] y = new double[Tensor.count(r.shape())];
                double[] x = in[0].data();
                for (int i = 0; i < x.length; i++) {
                    y[r.index()[i]] += x[i] * r.scale();
                }
                return new Tensor(r.shape(), y);
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                Reduction r = reduction(node, in, mean);
                double[] g = new double[in[0].size()];
                for (int i = 0; i < g.length; i++) {
                    g[i] = dy.data()[r.index()[i]] * r.scale();
                }
                return new Tensor[] {new Tensor(in[0].shape(), g), null};
            }
        };
    }
}
