package org.malcomedge.agent.train.graph;

import java.util.Arrays;

/**
 * The sliding window of a 2-D Conv or pooling node (ONNX attributes kernel_shape, strides, pads,
 * dilations; pads as [top, left, bottom, right]): output size and the index arithmetic both
 * backends and the graph builders share. Only {@code auto_pad=NOTSET} and {@code ceil_mode=0}, the
 * form PyTorch exports, are supported.
 */
public record Window(int[] kernel, int[] strides, int[] pads, int[] dilations) {

    public Window {
        kernel = kernel.clone();
        strides = strides.clone();
        pads = pads.clone();
        dilations = dilations.clone();
    }

    /** The window of {@code node}, whose kernel is {@code kernel} when it has no kernel_shape attribute (Conv). */
    public static Window of(Node node, long[] kernel) {
        String what = node.opType() + " (output " + node.output() + ")";
        if (!node.stringAttribute("auto_pad", "NOTSET").equals("NOTSET")) {
            throw new UnsupportedOperationException(what + ": only auto_pad=NOTSET (explicit pads) is supported");
        }
        if (node.intAttribute("ceil_mode", 0) != 0) {
            throw new UnsupportedOperationException(what + ": only ceil_mode=0 is supported");
        }
        long[] k = node.attributes().containsKey("kernel_shape") ? (long[]) node.attributes().get("kernel_shape") : kernel;
        if (k == null || k.length != 2) {
            throw new UnsupportedOperationException(what + ": only 2-D windows are supported, kernel " + Arrays.toString(k));
        }
        return new Window(ints(k), ints(longs(node, "strides", 1, 1)), ints(longs(node, "pads", 0, 0, 0, 0)),
                ints(longs(node, "dilations", 1, 1)));
    }

    private static long[] longs(Node node, String name, long... fallback) {
        Object value = node.attributes().get(name);
        return value == null ? fallback : (long[]) value;
    }

    private static int[] ints(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }

    /** Extent of the dilated kernel along spatial axis {@code axis} (0 = height, 1 = width). */
    public int span(int axis) {
        return (kernel[axis] - 1) * dilations[axis] + 1;
    }

    /** Output size along {@code axis} for an input of size {@code in} (floor mode). */
    public int out(int axis, long in) {
        long size = (in + pads[axis] + pads[axis + 2] - span(axis)) / strides[axis] + 1;
        if (size < 1) {
            throw new IllegalArgumentException("window " + this + " does not fit an input of size " + in);
        }
        return Math.toIntExact(size);
    }

    /** The first input row (axis 0) or column (axis 1) output index {@code o} reads, before padding is removed. */
    public int start(int axis, int o) {
        return o * strides[axis] - pads[axis];
    }

    @Override
    public String toString() {
        return "kernel " + Arrays.toString(kernel) + " strides " + Arrays.toString(strides) + " pads " + Arrays.toString(pads)
                + " dilations " + Arrays.toString(dilations);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Window w && Arrays.equals(kernel, w.kernel) && Arrays.equals(strides, w.strides)
                && Arrays.equals(pads, w.pads) && Arrays.equals(dilations, w.dilations);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kernel) * 31 + Arrays.hashCode(strides) * 17 + Arrays.hashCode(pads) * 7 + Arrays.hashCode(dilations);
    }
}
