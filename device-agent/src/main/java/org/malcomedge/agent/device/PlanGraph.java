package org.malcomedge.agent.device;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.malcomedge.wire.Edge;

/**
 * The plan's graph and its mixing weights on the nodes that are alive: the plan's own weights while
 * every node is, else Metropolis-Hastings on the graph restricted to the live nodes (DESIGN.md
 * section 4): {@code w_ij = 1 / (1 + max(deg_i, deg_j))} with live degrees.
 */
final class PlanGraph {

    private final Set<String> nodes;
    private final Map<String, Map<String, Double>> planWeights = new HashMap<>();

    /** @throws IllegalArgumentException naming an edge that is not between two distinct planned nodes, or repeated */
    PlanGraph(List<String> nodes, List<Edge> edges) {
        this.nodes = new TreeSet<>(nodes);
        for (String node : nodes) {
            planWeights.put(node, new TreeMap<>());
        }
        for (Edge edge : edges) {
            String a = edge.getA();
            String b = edge.getB();
            if (!this.nodes.contains(a) || !this.nodes.contains(b) || a.equals(b)) {
                throw new IllegalArgumentException("edge " + a + " - " + b + " is not between two distinct planned nodes");
            }
            if (!(edge.getWeight() > 0 && edge.getWeight() < 1)) {
                throw new IllegalArgumentException("edge " + a + " - " + b + " has weight " + edge.getWeight()
                        + ", expected one in (0, 1)");
            }
            if (planWeights.get(a).put(b, edge.getWeight()) != null) {
                throw new IllegalArgumentException("edge " + a + " - " + b + " is listed twice");
            }
            planWeights.get(b).put(a, edge.getWeight());
        }
    }

    /** {@code node}'s neighbours in the plan, whether alive or not, sorted. */
    Set<String> neighbours(String node) {
        return planWeights.get(node).keySet();
    }

    /** w_ij of {@code node}'s live neighbours j when {@code live} are the nodes alive. */
    Map<String, Double> weights(String node, Collection<String> live) {
        Set<String> alive = new TreeSet<>(live);
        alive.retainAll(nodes);
        if (alive.equals(nodes)) {
            return Map.copyOf(planWeights.get(node));
        }
        Map<String, Double> weights = new TreeMap<>();
        for (String j : neighbours(node)) {
            if (alive.contains(j)) {
                weights.put(j, 1.0 / (1 + Math.max(degree(node, alive), degree(j, alive))));
            }
        }
        return weights;
    }

    private int degree(String node, Set<String> alive) {
        int degree = 0;
        for (String j : neighbours(node)) {
            if (alive.contains(j)) {
                degree++;
            }
        }
        return degree;
    }
}
