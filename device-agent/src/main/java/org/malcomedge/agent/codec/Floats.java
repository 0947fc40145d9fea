package org.malcomedge.agent.codec;

import java.util.Arrays;

/**
 * Unquantized float32 values: all {@code dimension} entries ({@code positions == null}) or the kept
 * positions of a sparsifier, strictly increasing, with their values (a kept zero stays kept).
 */
public record Floats(int dimension, int[] positions, float[] values) implements Symbols {

    public Floats {
        int expected = positions == null ? dimension : positions.length;
        if (dimension < 1 || values.length != expected) {
            throw new IllegalArgumentException("floats: dimension " + dimension + ", " + expected + " positions but "
                    + values.length + " values");
        }
    }

    @Override
    public float[] toVector() {
        if (positions == null) {
            return values.clone();
        }
        float[] vector = new float[dimension];
        for (int i = 0; i < positions.length; i++) {
            vector[positions[i]] = values[i];
        }
        return vector;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Floats that && dimension == that.dimension
                && Arrays.equals(positions, that.positions) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(positions) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Floats[d=" + dimension + ", positions=" + Arrays.toString(positions) + ", values="
                + Arrays.toString(values) + "]";
    }
}
