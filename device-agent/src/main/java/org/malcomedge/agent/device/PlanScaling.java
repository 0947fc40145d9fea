package org.malcomedge.agent.device;

import org.malcomedge.agent.InputException;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.wire.ExperimentPlan;

/**
 * A plan's {@code scaling}: the standardization the coordinator computed from the moments of the
 * nodes' shares, which every device (gossip node or star worker) applies to its share and to the
 * test rows it scores on, so all of them and the simulator see the same features.
 */
final class PlanScaling {

    private PlanScaling() {
    }

    /**
     * {@code data} standardized as the plan says, or as loaded when the plan has no scaling.
     *
     * @throws InputException naming the plan's scaling field when it does not fit the data
     */
    static TrainTest apply(ExperimentPlan plan, TrainTest data) {
        if (!plan.hasScaling()) {
            return data;
        }
        float[] mean = floats(plan.getScaling().getMeanList());
        float[] scale = floats(plan.getScaling().getScaleList());
        try {
            Standardization standardization = new Standardization(mean, scale);
            standardization.requireFeatures(data.train().features(), "dataset " + plan.getData().getDataset());
            return standardization.apply(data);
        } catch (IllegalArgumentException e) {
            throw new InputException("plan of experiment " + plan.getExperiment() + ": scaling: " + e.getMessage(), e);
        }
    }

    private static float[] floats(java.util.List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
