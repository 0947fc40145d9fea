package org.malcomedge.coordinator.fleet;

import java.util.OptionalInt;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.coordinator.sim.ExperimentData;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

/**
 * Scores models on the rows the simulator and the devices score on (the same seeded subsample of
 * the shared test set): the coordinator's average-model accuracy of a real fleet.
 */
public final class TestScorer implements FleetRun.Scorer, AutoCloseable {

    private final Trainer trainer;
    private final EvaluationSet rows;
    private final int classes;

    TestScorer(TrainTest data, ModelSpec model, int testSamples, long seed, Backend backend) {
        this.trainer = Trainers.create(model, backend, 1);
        this.classes = data.test().classes();
        this.rows = new EvaluationSet(data.test(), testSamples, Seeds.derive(seed, Seeds.FLEET, Seeds.EVALUATION));
    }

    /** The scorer of a plan's experiment, on its data as the devices see it (standardized or raw). */
    public static TestScorer of(FleetPlan plan, ExperimentData data, Backend backend) {
        return new TestScorer(data.data(), data.model(plan.spec()), plan.settings().testSamples(), plan.spec().seed(), backend);
    }

    @Override
    public synchronized double accuracy(float[] model) {
        return model.length == trainer.dimension() ? rows.accuracy(trainer, model) : Double.NaN;
    }

    @Override
    public OptionalInt classes() {
        return OptionalInt.of(classes);
    }

    @Override
    public synchronized void close() {
        trainer.close();
    }
}
