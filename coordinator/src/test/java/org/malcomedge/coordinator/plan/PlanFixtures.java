package org.malcomedge.coordinator.plan;

import java.util.Optional;
import java.util.OptionalDouble;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.coordinator.plan.ExperimentSpec.TransportKind;

/** Small real-fleet plans for tests: digits, mlp:16, malcom on a ring. */
public final class PlanFixtures {

    private PlanFixtures() {
    }

    public static FleetPlan ring(String experiment, int nodes, int rounds, FleetSettings settings) {
        ExperimentSpec spec = new ExperimentSpec(nodes, "ring", Variant.parse("malcom"), "digits", Optional.empty(),
                "iid", "mlp:16", rounds, 0.1, OptionalDouble.of(0.1), 1e-4, 16, 1, 3, TransportKind.MQTT, Optional.empty(),
                OptionalDouble.empty(), 1, OptionalDouble.empty(), FeatureScaling.RAW);
        return new FleetPlan(experiment, FleetPlan.defaultIds(nodes), spec, settings);
    }
}
