package org.malcomedge.coordinator.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * An immutable undirected simple graph on nodes {@code 0..n-1}, named {@code "n0".."n{n-1}"}.
 * Neighbour lists are sorted, so everything built on a graph iterates in a deterministic order.
 */
public final class Graph {

    private final int[][] neighbours;
    private final int edgeCount;

    private Graph(int[][] neighbours, int edgeCount) {
        this.neighbours = neighbours;
        this.edgeCount = edgeCount;
    }

    /**
     * The graph on {@code n} nodes with the given undirected edges ({@code {a, b}} pairs).
     *
     * @throws IllegalArgumentException for a self-loop, a repeated edge or an endpoint out of range
     */
    public static Graph of(int n, List<int[]> edges) {
        if (n < 1) {
            throw new IllegalArgumentException("a graph needs at least one node, got " + n);
        }
        List<TreeSet<Integer>> adjacency = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            adjacency.add(new TreeSet<>());
        }
        for (int[] edge : edges) {
            int a = edge[0];
            int b = edge[1];
            if (a < 0 || b < 0 || a >= n || b >= n) {
                throw new IllegalArgumentException("edge " + a + "-" + b + " leaves the nodes 0.." + (n - 1));
            }
            if (a == b) {
                throw new IllegalArgumentException("self-loop at node " + a);
            }
            if (!adjacency.get(a).add(b) || !adjacency.get(b).add(a)) {
                throw new IllegalArgumentException("repeated edge " + a + "-" + b);
            }
        }
        int[][] lists = new int[n][];
        for (int i = 0; i < n; i++) {
            lists[i] = adjacency.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return new Graph(lists, edges.size());
    }

    /** The conventional node id, {@code "n" + index}. */
    public static String id(int node) {
        return "n" + node;
    }

    public int size() {
        return neighbours.length;
    }

    public int edgeCount() {
        return edgeCount;
    }

    /** Sorted neighbour indices of {@code node} (a copy). */
    public int[] neighbours(int node) {
        return neighbours[node].clone();
    }

    public int degree(int node) {
        return neighbours[node].length;
    }

    public boolean hasEdge(int a, int b) {
        return Arrays.binarySearch(neighbours[a], b) >= 0;
    }

    /** Every edge once as {@code {a, b}} with {@code a < b}, in lexicographic order. */
    public List<int[]> edges() {
        List<int[]> edges = new ArrayList<>(edgeCount);
        for (int a = 0; a < neighbours.length; a++) {
            for (int b : neighbours[a]) {
                if (a < b) {
                    edges.add(new int[] {a, b});
                }
            }
        }
        return edges;
    }

    public boolean isConnected() {
        boolean[] seen = new boolean[size()];
        int[] stack = new int[size()];
        int top = 0;
        stack[top++] = 0;
        seen[0] = true;
        int reached = 1;
        while (top > 0) {
            int node = stack[--top];
            for (int next : neighbours[node]) {
                if (!seen[next]) {
                    seen[next] = true;
                    reached++;
                    stack[top++] = next;
                }
            }
        }
        return reached == size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Graph graph && Arrays.deepEquals(neighbours, graph.neighbours);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(neighbours);
    }

    @Override
    public String toString() {
        return "Graph(" + size() + " nodes, " + edgeCount + " edges)";
    }
}
