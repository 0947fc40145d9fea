package org.malcomedge.agent.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who one node mixes with: its neighbours in id order, their weights w_ij, its estimates of them,
 * the consensus step each announced, and the neighbours to ask for a keyframe. Not thread-safe:
 * the node calls it under its lock.
 */
final class Neighbourhood {

    /** What mixing sees of a neighbour with a usable estimate. */
    interface Visitor {
        void neighbour(double weight, double announcedGamma, float[] estimate);
    }

    private final String self;
    /** Length of an estimate: d, or 2d with gradient tracking. */
    private final int estimateLength;
    private final Map<String, Double> weights = new TreeMap<>();
    private final Map<String, NeighbourEstimate> estimates = new TreeMap<>();
    private final Map<String, Double> announcedGamma = new TreeMap<>();
    private final List<String> keyframeRequests = new ArrayList<>();

    /** Every neighbour starts synced at {@code start}, which each of them starts from too. */
    Neighbourhood(String self, Map<String, Double> neighbourWeights, float[] start) {
        this.self = self;
        this.estimateLength = start.length;
        for (Map.Entry<String, Double> neighbour : neighbourWeights.entrySet()) {
            weights.put(neighbour.getKey(), neighbour.getValue());
            estimates.put(neighbour.getKey(), NeighbourEstimate.synced(start));
        }
        checkWeights();
    }

    /** The estimate of {@code neighbour}, or null for a node that is none. */
    NeighbourEstimate estimate(String neighbour) {
        return estimates.get(neighbour);
    }

    /** {@code neighbour} announced its step gamma_j (auto): both ends of the edge mix with the smaller. */
    void announced(String neighbour, double gamma) {
        announcedGamma.put(neighbour, gamma);
    }

    /** Visits the synced neighbours in id order, each with its weight and its announced gamma (or {@code gamma}). */
    void forEachSynced(double gamma, Visitor visitor) {
        for (Map.Entry<String, NeighbourEstimate> neighbour : estimates.entrySet()) {
            if (neighbour.getValue().isSynced()) {
                visitor.neighbour(weights.get(neighbour.getKey()),
                        announcedGamma.getOrDefault(neighbour.getKey(), gamma), neighbour.getValue().value());
            }
        }
    }

    /** Notes the neighbours whose gaps stayed open past the window by {@code round}. */
    void noteGaps(int round, int gapWindowRounds) {
        for (Map.Entry<String, NeighbourEstimate> neighbour : estimates.entrySet()) {
            if (neighbour.getValue().needsKeyframe(round, gapWindowRounds)) {
                keyframeRequests.add(neighbour.getKey());
            }
        }
    }

    /** Neighbours to ask for a keyframe; clears the list. */
    List<String> takeKeyframeRequests() {
        List<String> requests = List.copyOf(keyframeRequests);
        keyframeRequests.clear();
        return requests;
    }

    /**
     * A new neighbourhood: estimates of remaining neighbours are kept, departed ones dropped, new
     * ones start unsynced and are asked for a keyframe.
     */
    void set(Map<String, Double> neighbourWeights) {
        estimates.keySet().retainAll(neighbourWeights.keySet());
        announcedGamma.keySet().retainAll(neighbourWeights.keySet());
        weights.clear();
        for (Map.Entry<String, Double> neighbour : neighbourWeights.entrySet()) {
            weights.put(neighbour.getKey(), neighbour.getValue());
            if (!estimates.containsKey(neighbour.getKey())) {
                estimates.put(neighbour.getKey(), NeighbourEstimate.unsynced(estimateLength));
                keyframeRequests.add(neighbour.getKey());
            }
        }
        checkWeights();
    }

    /** Every estimate is of unknown age: all unsynced, every neighbour asked for a keyframe. */
    void forgetAll() {
        estimates.replaceAll((neighbour, old) -> NeighbourEstimate.unsynced(estimateLength));
        keyframeRequests.clear();
        keyframeRequests.addAll(estimates.keySet());
    }

    /** Neighbour ids, sorted. */
    List<String> ids() {
        return List.copyOf(weights.keySet());
    }

    private void checkWeights() {
        double sum = 0;
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            if (w.getKey().equals(self) || !(w.getValue() > 0)) {
                throw new IllegalArgumentException("node " + self + ": bad neighbour weight " + w);
            }
            sum += w.getValue();
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("node " + self + ": neighbour weights sum to " + sum + " > 1");
        }
    }
}
