package org.malcomedge.agent.data;

/** Row subsets of a dataset, e.g. one node's share or a hold-out. */
public final class Subsets {

    private Subsets() {
    }

    /** The rows {@code indices} of {@code data}, in that order, as a new dataset named {@code name}. */
    public static Dataset rows(Dataset data, String name, int[] indices) {
        int f = data.features();
        float[] x = new float[indices.length * f];
        int[] y = new int[indices.length];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(data.x(), indices[r] * f, x, r * f, f);
            y[r] = data.y()[indices[r]];
        }
        return new Dataset(name, x, y, indices.length, f, data.classes());
    }
}
