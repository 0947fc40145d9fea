package org.malcomedge.agent.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Integer quantization levels (DESIGN.md 3.1): entry k of segment i reconstructs as
 * {@code z[k] * steps[i]}, with {@code |z[k]| <= s}. Dropped positions of a sparsifier are level 0.
 *
 * @param s      number of levels, 1..255 (1 for sign)
 * @param layout the segments (tensors) that each have their own step; its dimension is z's length
 * @param steps  value of one level per segment, finite and >= 0 (for QSGD {@code ||v_i|| / (s * tau_i)})
 */
public record Levels(int s, TensorLayout layout, float[] steps, int[] z) implements Symbols {

    public static final int MAX_LEVELS = 255;

    public Levels {
        Objects.requireNonNull(layout, "layout");
        if (z.length != layout.dimension()) {
            throw new IllegalArgumentException("levels: dimension " + layout.dimension() + " but " + z.length + " entries");
        }
        if (s < 1 || s > MAX_LEVELS) {
            throw new IllegalArgumentException("levels: s = " + s + " is outside 1.." + MAX_LEVELS);
        }
        if (steps.length != layout.segments()) {
            throw new IllegalArgumentException("levels: " + layout.segments() + " segments but " + steps.length + " steps");
        }
        for (float step : steps) {
            if (!Float.isFinite(step) || step < 0) {
                throw new IllegalArgumentException("levels: step " + step + " is not a finite non-negative number");
            }
        }
    }

    /** Levels of one segment: one step for the whole vector. */
    public Levels(int dimension, int s, float step, int[] z) {
        this(s, TensorLayout.whole(dimension), new float[] {step}, z);
    }

    @Override
    public int dimension() {
        return z.length;
    }

    @Override
    public float[] toVector() {
        float[] vector = new float[z.length];
        for (int segment = 0; segment < steps.length; segment++) {
            float step = steps[segment];
            for (int k = layout.start(segment); k < layout.end(segment); k++) {
                vector[k] = z[k] * step;
            }
        }
        return vector;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Levels that && s == that.s && layout.equals(that.layout)
                && Arrays.equals(steps, that.steps) && Arrays.equals(z, that.z);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(z) + Arrays.hashCode(steps) + s;
    }

    @Override
    public String toString() {
        return "Levels[" + layout + ", s=" + s + ", steps=" + Arrays.toString(steps) + ", z=" + Arrays.toString(z) + "]";
    }
}
