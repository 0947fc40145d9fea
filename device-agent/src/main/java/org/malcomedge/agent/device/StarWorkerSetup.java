package org.malcomedge.agent.device;

import static org.malcomedge.agent.InputException.orInputError;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.codec.TensorLayout;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.Splits;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.PartitionSampler;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.star.McmWorker;
import org.malcomedge.agent.star.Participation;
import org.malcomedge.agent.star.SplitMixRandom;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.star.StarCodecs;
import org.malcomedge.agent.star.WorkerSnapshot;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.Hyperparameters;

/**
 * A star plan as worker {@code index} reads it: the same partition, initial model, generators,
 * codecs and participation draws as the simulated star's worker {@code index} and server.
 */
record StarWorkerSetup(int index, int rounds, int evalEvery, Duration roundTimeout, ModelSpec model, int dimension,
                     StarCodecs codecs, McmWorker worker, Participation participation, EvaluationSet evaluation) {

    static StarWorkerSetup read(ExperimentPlan plan, String self, DeviceConfig config) {
        String exp = plan.getExperiment();
        int index = plan.getNodesList().indexOf(self);
        if (index < 0) {
            throw problem(exp, "nodes", "does not list '" + self + "'");
        }
        StarAlgorithm algorithm = field(exp, "algorithm", () -> StarAlgorithm.parse(plan.getAlgorithm()));
        if (!plan.getData().getDataset().equals(config.data().source())) {
            throw new InputException("plan of experiment " + exp + " trains on dataset '"
                    + plan.getData().getDataset() + "', but this device's data.source is '"
                    + config.data().source() + "'");
        }
        Hyperparameters h = plan.getHyperparameters();
        if (h.getRounds() < 1 || h.getBatch() < 1 || !(h.getEta() > 0)) {
            throw problem(exp, "hyperparameters", "rounds and batch must be >= 1 and eta > 0, got "
                    + h.getRounds() + ", " + h.getBatch() + " and " + h.getEta());
        }
        double fraction = plan.getParticipation() > 0 ? plan.getParticipation() : 1;
        if (fraction > 1 || (fraction < 1 && algorithm != StarAlgorithm.RAND_MCM)) {
            throw problem(exp, "participation", fraction + ": must be in (0, 1], and below 1 only for rand-mcm");
        }
        String label = plan.getData().getLabel();
        TrainTest data = PlanScaling.apply(plan, Datasets.load(config.data().source(),
                label.isEmpty() ? Optional.empty() : Optional.of(label), config.data().dir().orElseGet(Datasets::defaultDirectory)));
        Dataset train = data.train();
        ModelSpec model = field(exp, "model", () -> orInputError(
                () -> ModelSpec.parse(plan.getModel(), train.features(), train.classes())));
        long seed = plan.getSeed();
        float[] initial = model.initialize(seed);
        StarCodecs codecs = field(exp, "compressor", () -> StarCodecs.of(algorithm, plan.getCompressor(),
                TensorLayout.of(model.tensorLengths())));
        int[] partition = field(exp, "data.split", () -> Splits.parse(plan.getData().getSplit()))
                .assign(train.y(), train.classes(), plan.getNodesCount(), seed)[index];
        McmWorker worker = new McmWorker(initial, codecs.up(), codecs.down(), codecs.alphaUp(), codecs.alphaDown(),
                StarCodecs.downlinkMemory(algorithm),
                new PartitionSampler(train, partition, h.getBatch(),
                        new SplittableRandom(Seeds.derive(seed, index, Seeds.BATCHES))),
                new SplitMixRandom(Seeds.derive(seed, index, Seeds.COMPRESSION)));
        Participation participation = new Participation(plan.getNodesCount(), fraction,
                Seeds.derive(seed, Seeds.SERVER, Seeds.PARTICIPATION));
        EvaluationSet evaluation = new EvaluationSet(data.test(), plan.getTestSamples(),
                Seeds.derive(seed, Seeds.FLEET, Seeds.EVALUATION));
        Duration timeout = plan.getRoundTimeoutMs() > 0 ? Duration.ofMillis(plan.getRoundTimeoutMs())
                : NodePlan.DEFAULT_ROUND_TIMEOUT;
        return new StarWorkerSetup(index, h.getRounds(), Math.max(1, plan.getEvalEvery()), timeout, model, initial.length,
                codecs, worker, participation, evaluation);
    }

    /** Whether this worker takes part in the next round (one draw per round, as the server's). */
    boolean takesPart() {
        for (int i : participation.next()) {
            if (i == index) {
                return true;
            }
        }
        return false;
    }

    /**
     * Brings a fresh worker to where {@code saved} left it: its state, and the participation draws
     * of the rounds it finished (they depend on the seed only, so they are drawn again, not kept).
     * Returns the first round to run.
     */
    int resume(WorkerSnapshot saved) {
        worker.resume(saved);
        for (int t = 1; t <= saved.round(); t++) {
            participation.next();
        }
        return saved.round() + 1;
    }

    boolean evaluates(int round) {
        return round % evalEvery == 0 || round == rounds;
    }

    private static InputException problem(String exp, String field, String what) {
        return new InputException("plan of experiment " + exp + ": " + field + ": " + what);
    }

    private static <T> T field(String exp, String field, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (InputException e) {
            throw new InputException("plan of experiment " + exp + ": " + field + ": " + e.getMessage(), e);
        }
    }
}
