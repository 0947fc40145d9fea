package org.malcomedge.agent.codec;

import java.util.Arrays;

/**
 * Integer quantization levels (DESIGN.md 3.1): entry k reconstructs as {@code z[k] * step}, with
 * {@code |z[k]| <= s}. Dropped positions of a sparsifier are level 0.
 *
 * @param s     number of levels, 1..255 (1 for sign)
 * @param step  value of one level, finite and >= 0 (for QSGD {@code ||v|| / (s * tau)})
 */
public record Levels(int dimension, int s, float step, int[] z) implements Symbols {

    public static final int MAX_LEVELS = 255;

    public Levels {
        if (dimension < 1 || z.length != dimension) {
            throw new IllegalArgumentException("levels: dimension " + dimension + " but " + z.length + " entries");
        }
        if (s < 1 || s > MAX_LEVELS) {
            throw new IllegalArgumentException("levels: s = " + s + " is outside 1.." + MAX_LEVELS);
        }
        if (!Float.isFinite(step) || step < 0) {
            throw new IllegalArgumentException("levels: step " + step + " is not a finite non-negative number");
        }
    }

    @Override
    public float[] toVector() {
        float[] vector = new float[dimension];
        for (int k = 0; k < dimension; k++) {
            vector[k] = z[k] * step;
        }
        return vector;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Levels that && dimension == that.dimension && s == that.s
                && Float.floatToIntBits(step) == Float.floatToIntBits(that.step) && Arrays.equals(z, that.z);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(z) + Float.hashCode(step) + s;
    }

    @Override
    public String toString() {
        return "Levels[d=" + dimension + ", s=" + s + ", step=" + step + ", z=" + Arrays.toString(z) + "]";
    }
}
