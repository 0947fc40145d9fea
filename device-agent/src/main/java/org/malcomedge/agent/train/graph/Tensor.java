package org.malcomedge.agent.train.graph;

import java.util.Arrays;

/**
 * A dense row-major tensor of doubles: the values the Java backend computes with. Integer tensors
 * (labels, shapes, axes) are held as doubles too; they are exact below 2^53.
 */
public final class Tensor {

    private final int[] shape;
    private final double[] data;

    public Tensor(int[] shape, double[] data) {
        if (count(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new double[count(shape)]);
    }

    public static Tensor of(float[] values, int... shape) {
        double[] data = new double[count(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = values[i];
        }
        return new Tensor(shape, data);
    }

    /** A constant's values (int64 ones as doubles, as every Java kernel reads them). */
    public static Tensor of(TensorValue t) {
        int[] shape = Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray();
        return t.floats() != null ? of(t.floats(), shape) : new Tensor(shape, Arrays.stream(t.longs()).asDoubleStream().toArray());
    }

    public static Tensor ofInts(int[] values, int... shape) {
        double[] data = new double[count(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = values[i];
        }
        return new Tensor(shape, data);
    }

    /** The values, shared (not copied). */
    public double[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size along {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[Math.floorMod(axis, shape.length)];
    }

    public int size() {
        return data.length;
    }

    /** The same values under another shape of the same size. */
    public Tensor reshaped(int... newShape) {
        return new Tensor(newShape, data);
    }

    /** The values as longs (for shapes, axes, indices). */
    public long[] longs() {
        return Arrays.stream(data).mapToLong(v -> (long) v).toArray();
    }

    public static int count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /** Row-major strides of {@code shape}. */
    public static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    /** The numpy broadcast of two shapes. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * For each flat index of a tensor of shape {@code out}, the flat index of the element it reads
     * from a tensor of shape {@code from} broadcast to {@code out}.
     */
    public static int[] broadcastIndex(int[] out, int[] from) {
        int lead = out.length - from.length;
        int[] fromStrides = strides(from);
        int[] step = new int[out.length];
        for (int i = 0; i < from.length; i++) {
            step[lead + i] = from[i] == 1 ? 0 : fromStrides[i];
        }
        return walk(out, step);
    }

    /** For each flat index of {@code shape}, the dot product of its multi-index with {@code step}. */
    static int[] walk(int[] shape, int[] step) {
        int[] index = new int[count(shape)];
        int[] position = new int[shape.length];
        int at = 0;
        for (int i = 0; i < index.length; i++) {
            index[i] = at;
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                position[axis]++;
                at += step[axis];
                if (position[axis] < shape[axis]) {
                    break;
                }
                at -= step[axis] * shape[axis];
                position[axis] = 0;
            }
        }
        return index;
    }

    /** A gradient shaped like a broadcast result, summed down to {@code shape}. */
    public static Tensor unbroadcast(Tensor gradient, int[] shape) {
        if (Arrays.equals(gradient.shape, shape)) {
            return gradient;
        }
        int[] index = broadcastIndex(gradient.shape, shape);
        double[] sum = new double[count(shape)];
        for (int i = 0; i < index.length; i++) {
            sum[index[i]] += gradient.data[i];
        }
        return new Tensor(shape, sum);
    }

    public float[] toFloats() {
        float[] values = new float[data.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) data[i];
        }
        return values;
    }
}
