package org.malcomedge.coordinator.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import org.malcomedge.coordinator.topology.Graph;
import org.malcomedge.firmware.topics.Topics;

/**
 * A real fleet's experiment as {@code plan.yaml} holds it: the experiment's name (its topic
 * level), the devices' ids in plan order (node i of the topology is {@code nodeIds.get(i)}), the
 * experiment and the fleet settings. Validated on construction (IllegalArgumentException naming
 * the field).
 */
public record FleetPlan(String experiment, List<String> nodeIds, ExperimentSpec spec, FleetSettings settings) {

    /** The coordinator's MQTT user and client id; no device may take it. */
    public static final String COORDINATOR = "coordinator";

    public FleetPlan {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(settings, "settings");
        Topics.checkName("--experiment:", experiment);
        nodeIds = List.copyOf(nodeIds);
        if (nodeIds.size() != spec.nodes()) {
            throw new IllegalArgumentException("--nodes: " + nodeIds.size() + " node ids for " + spec.nodes() + " nodes");
        }
        Set<String> seen = new HashSet<>();
        for (String id : nodeIds) {
            Topics.checkName("--nodes: node id", id);
            if (!seen.add(id)) {
                throw new IllegalArgumentException("--nodes: node id '" + id + "' is given twice");
            }
            if (id.equals(COORDINATOR)) {
                throw new IllegalArgumentException("--nodes: node id '" + id + "' is the coordinator's user name");
            }
        }
    }

    /** The simulator's ids: n0, n1, ... */
    public static List<String> defaultIds(int nodes) {
        return IntStream.range(0, nodes).mapToObj(Graph::id).toList();
    }

    public int indexOf(String node) {
        return nodeIds.indexOf(node);
    }
}
