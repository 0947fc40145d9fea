package org.malcomedge.coordinator.fleet;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.EvaluationSet;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.plan.FleetPlan;
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

    /**
     * The scorer of a plan's experiment, if its dataset loads from {@code dataDir}; otherwise
     * {@code warn} hears why and the run goes on without average-model accuracy.
     */
    public static Optional<TestScorer> load(FleetPlan plan, Path dataDir, Backend backend, Consumer<String> warn) {
        ExperimentSpec spec = plan.spec();
        try {
            TrainTest data = Datasets.load(spec.dataset(), spec.label(), dataDir);
            ModelSpec model = ModelSpec.parse(spec.model(), data.train().features(), data.train().classes());
            return Optional.of(new TestScorer(data, model, plan.settings().testSamples(), spec.seed(), backend));
        } catch (RuntimeException e) {
            warn.accept(e.getMessage());
            return Optional.empty();
        }
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
