package org.malcomedge.agent.data;

/**
 * How a training set is divided among nodes (DESIGN.md section 6). Deterministic: the same labels,
 * node count and seed give the same assignment.
 */
public interface Split {

    /** The spec as written, e.g. {@code dirichlet:0.5}. */
    String spec();

    /**
     * The sample indices of each node: {@code nodes} disjoint non-empty arrays.
     *
     * @throws org.malcomedge.agent.InputException when the samples cannot cover the nodes
     */
    int[][] assign(int[] labels, int classes, int nodes, long seed);

    /** Each node's share of {@code data} as its own dataset (named data-nodeI). */
    default Dataset[] apply(Dataset data, int nodes, long seed) {
        int[][] shares = assign(data.y(), data.classes(), nodes, seed);
        Dataset[] parts = new Dataset[nodes];
        for (int i = 0; i < nodes; i++) {
            parts[i] = Subsets.rows(data, data.name() + "-node" + i, shares[i]);
        }
        return parts;
    }
}
