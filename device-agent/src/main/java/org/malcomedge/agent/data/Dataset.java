package org.malcomedge.agent.data;

import java.util.Objects;

/**
 * A labelled table in memory: {@code rows} samples of {@code features} floats, row-major, with
 * class ids in {@code [0, classes)}.
 */
public record Dataset(String name, float[] x, int[] y, int rows, int features, int classes) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        if (x.length != (long) rows * features || y.length != rows) {
            throw new IllegalArgumentException("dataset " + name + ": " + x.length + " features and " + y.length
                    + " labels do not make " + rows + " rows of " + features);
        }
    }
}
