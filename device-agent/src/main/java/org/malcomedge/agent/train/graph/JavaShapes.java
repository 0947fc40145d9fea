package org.malcomedge.agent.train.graph;

import java.util.Map;

/**
 * The operators that only move values, in Java: output element i is input element index[i], so
 * the gradient scatters dY back through the same index.
 */
final class JavaShapes {

    /** Where a moving operator's output elements come from. */
    private record Moved(int[] shape, int[] index) {
        Tensor gather(Tensor x) {
            double[] y = new double[index.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = x.data()[index[i]];
            }
            return new Tensor(shape, y);
        }

        Tensor scatter(Tensor dy, int[] like) {
            double[] g = new double[Tensor.count(like)];
            for (int i = 0; i < index.length; i++) {
                g[index[i]] += dy.data()[i];
            }
            return new Tensor(like, g);
        }
    }

    private interface Mover {
        Moved of(Node node, Tensor[] in);
    }

    private JavaShapes() {
    }

    static void register(Map<String, JavaOp> ops) {
        ops.put("Reshape", reshaping(JavaShapes::reshapeTarget));
        ops.put("Flatten", reshaping(JavaShapes::flattenTarget));
        ops.put("Identity", reshaping((node, in) -> in[0].shape()));
        ops.put("Slice", moving(JavaShapes::slice));
        ops.put("Transpose", moving(JavaShapes::transpose));
        ops.put("Concat", new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                int[] shape = concatShape(node, in);
                double[] y = new double[Tensor.count(shape)];
                for (int j = 0; j < in.length; j++) {
                    int[] index = concatIndex(node, in, shape, j);
                    for (int t = 0; t < index.length; t++) {
                        y[index[t]] = in[j].data()[t];
                    }
                }
                return new Tensor(shape, y);
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                Tensor[] grads = new Tensor[in.length];
                for (int j = 0; j < in.length; j++) {
                    if (needs[j]) {
                        grads[j] = new Moved(in[j].shape(), concatIndex(node, in, out[0].shape(), j)).gather(dy);
                    }
                }
                return grads;
            }
        });
        ops.put("Constant", new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                return constant(node);
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                return new Tensor[0];
            }
        });
    }

    private interface Target {
        int[] shape(Node node, Tensor[] in);
    }

    /** An operator that keeps the values in order and changes only the shape. */
    private static JavaOp reshaping(Target target) {
        return new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                return in[0].reshaped(target.shape(node, in));
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                return new Tensor[] {dy.reshaped(in[0].shape()), null};
            }
        };
    }

    private static JavaOp moving(Mover mover) {
        return new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                return mover.of(node, in).gather(in[0]);
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                Tensor[] grads = new Tensor[in.length];
                grads[0] = mover.of(node, in).scatter(dy, in[0].shape());
                return grads;
            }
        };
    }

    /** Reshape's target: 0 copies the input's dimension (allowzero=0), -1 is inferred. */
    private static int[] reshapeTarget(Node node, Tensor[] in) {
        long[] target = in[1].longs();
        int[] shape = new int[target.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (target[i] == -1) {
                inferred = i;
                continue;
            }
            shape[i] = Math.toIntExact(target[i] == 0 ? in[0].dim(i) : target[i]);
            known *= shape[i];
        }
        if (inferred >= 0) {
            shape[inferred] = Math.toIntExact(in[0].size() / known);
        }
        if (Tensor.count(shape) != in[0].size()) {
            throw new IllegalArgumentException("Reshape (output " + node.output() + "): cannot reshape " + in[0].size()
                    + " values to " + java.util.Arrays.toString(target));
        }
        return shape;
    }

    private static int[] flattenTarget(Node node, Tensor[] in) {
        int[] shape = in[0].shape();
        int axis = (int) node.intAttribute("axis", 1);
        axis = axis < 0 ? axis + shape.length : axis;
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        return new int[] {outer, in[0].size() / Math.max(outer, 1)};
    }

    /** Slice with constant starts, ends, optional axes and positive steps (ONNX clamping). */
    private static Moved slice(Node node, Tensor[] in) {
        int[] shape = in[0].shape();
        int[] strides = Tensor.strides(shape);
        long[] starts = in[1].longs();
        long[] ends = in[2].longs();
        long[] axes = in.length > 3 && in[3] != null ? in[3].longs() : null;
        long[] steps = in.length > 4 && in[4] != null ? in[4].longs() : null;
        int[] out = shape.clone();
        int[] step = strides.clone();
        int offset = 0;
        for (int i = 0; i < starts.length; i++) {
            int axis = (int) Math.floorMod(axes == null ? i : axes[i], shape.length);
            long by = steps == null ? 1 : steps[i];
            if (by < 1) {
                throw new UnsupportedOperationException("Slice (output " + node.output() + "): only positive steps are supported");
            }
            long start = clamp(starts[i], shape[axis]);
            long end = clamp(ends[i], shape[axis]);
            out[axis] = (int) Math.max(0, (end - start + by - 1) / by);
            step[axis] = (int) (strides[axis] * by);
            offset += (int) start * strides[axis];
        }
        int[] index = Tensor.walk(out, step);
        for (int i = 0; i < index.length; i++) {
            index[i] += offset;
        }
        return new Moved(out, index);
    }

    private static long clamp(long index, int length) {
        long i = index < 0 ? index + length : index;
        return Math.max(0, Math.min(length, i));
    }

    private static Moved transpose(Node node, Tensor[] in) {
        int[] shape = in[0].shape();
        int[] strides = Tensor.strides(shape);
        long[] perm = ShapeRules.permutation(node, shape.length);
        int[] out = new int[shape.length];
        int[] step = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = shape[(int) perm[i]];
            step[i] = strides[(int) perm[i]];
        }
        return new Moved(out, Tensor.walk(out, step));
    }

    private static int concatAxis(Node node, Tensor[] in) {
        return Math.floorMod((int) node.intAttribute("axis", 0), in[0].rank());
    }

    private static int[] concatShape(Node node, Tensor[] in) {
        int axis = concatAxis(node, in);
        int[] shape = in[0].shape();
        shape[axis] = 0;
        for (Tensor t : in) {
            shape[axis] += t.dim(axis);
        }
        return shape;
    }

    /** Where input {@code j}'s elements go in the output of shape {@code out}. */
    private static int[] concatIndex(Node node, Tensor[] in, int[] out, int j) {
        int axis = concatAxis(node, in);
        int[] outStrides = Tensor.strides(out);
        int offset = 0;
        for (int i = 0; i < j; i++) {
            offset += in[i].dim(axis);
        }
        int[] index = Tensor.walk(in[j].shape(), outStrides);
        for (int t = 0; t < index.length; t++) {
            index[t] += offset * outStrides[axis];
        }
        return index;
    }

    /** Constant with a tensor value (float or int64), value_float, value_floats, value_int or value_ints. */
    private static Tensor constant(Node node) {
        Object value = node.attributes().values().stream().findFirst().orElse(null);
        if (value instanceof TensorValue t) {
            return Tensor.of(t);
        }
        if (value instanceof Float f) {
            return new Tensor(new int[0], new double[] {f});
        }
        if (value instanceof Long l) {
            return new Tensor(new int[0], new double[] {l});
        }
        if (value instanceof float[] fs) {
            return Tensor.of(fs, fs.length);
        }
        if (value instanceof long[] ls) {
            return new Tensor(new int[] {ls.length}, java.util.Arrays.stream(ls).asDoubleStream().toArray());
        }
        throw new UnsupportedOperationException("Constant (output " + node.output()
                + "): only a float or int64 value, value_float, value_floats, value_int and value_ints are supported");
    }
}
