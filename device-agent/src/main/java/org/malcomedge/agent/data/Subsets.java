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

    /**
     * For each of {@code n} rows, its position in {@code indices}, or -1 when not chosen.
     *
     * @throws IllegalArgumentException when an index is out of range or chosen twice
     */
    static int[] slots(int[] indices, int n, String source) {
        int[] slot = new int[n];
        java.util.Arrays.fill(slot, -1);
        for (int k = 0; k < indices.length; k++) {
            int row = indices[k];
            if (row < 0 || row >= n) {
                throw new IllegalArgumentException("row " + row + " chosen from " + source + ", which has rows 0.." + (n - 1));
            }
            if (slot[row] >= 0) {
                throw new IllegalArgumentException("row " + row + " of " + source + " chosen twice");
            }
            slot[row] = k;
        }
        return slot;
    }
}
