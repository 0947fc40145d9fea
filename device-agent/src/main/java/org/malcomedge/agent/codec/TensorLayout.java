package org.malcomedge.agent.codec;

import java.util.Arrays;

/**
 * How a flat parameter vector splits into tensors (DESIGN.md 2: layer by layer, weight matrix then
 * bias): consecutive segments of {@code lengths[i] >= 1} entries. The QSGD and sign quantizers take
 * one norm per segment (DESIGN.md 3.1, per layer is the default), so a bias whose entries are ten
 * times the weights' is not quantized on the weights' scale. Immutable.
 */
public final class TensorLayout {

    private final int[] starts;

    private TensorLayout(int[] starts) {
        this.starts = starts;
    }

    /** One segment: the whole vector of {@code dimension} entries. */
    public static TensorLayout whole(int dimension) {
        return of(dimension);
    }

    /** @throws IllegalArgumentException if there is no segment or a length is below 1 */
    public static TensorLayout of(int... lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("a tensor layout needs at least one segment");
        }
        int[] starts = new int[lengths.length + 1];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 1) {
                throw new IllegalArgumentException("segment " + i + " has length " + lengths[i] + ", must be >= 1");
            }
            starts[i + 1] = Math.addExact(starts[i], lengths[i]);
        }
        return new TensorLayout(starts);
    }

    public int segments() {
        return starts.length - 1;
    }

    public int dimension() {
        return starts[starts.length - 1];
    }

    /** First position of segment {@code segment}. */
    public int start(int segment) {
        return starts[segment];
    }

    /** One past the last position of segment {@code segment}. */
    public int end(int segment) {
        return starts[segment + 1];
    }

    public int length(int segment) {
        return starts[segment + 1] - starts[segment];
    }

    /** The segment holding {@code position} (0 <= position < dimension). */
    public int segmentOf(int position) {
        int found = Arrays.binarySearch(starts, position);
        return found >= 0 ? found : -found - 2;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorLayout that && Arrays.equals(starts, that.starts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(starts);
    }

    @Override
    public String toString() {
        int[] lengths = new int[segments()];
        Arrays.setAll(lengths, this::length);
        return "TensorLayout" + Arrays.toString(lengths);
    }
}
