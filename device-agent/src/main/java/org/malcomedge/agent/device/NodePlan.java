package org.malcomedge.agent.device;

import static org.malcomedge.agent.InputException.orInputError;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.TensorLayout;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.data.Split;
import org.malcomedge.agent.data.Splits;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.gossip.MomentumSpec;
import org.malcomedge.agent.gossip.NodeFactory;
import org.malcomedge.agent.gossip.Seeds;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.Edge;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.Hyperparameters;

/**
 * An {@link ExperimentPlan} as one node reads it: checked field by field (every problem is an
 * {@link InputException} naming the field), with this node's place in it and the defaults of the
 * fields a plan may leave at 0.
 */
final class NodePlan {

    /** Rounds without a frame before a neighbour counts as gone, when the plan says 0. */
    static final int DEFAULT_DROPOUT_ROUNDS = 3;
    /** How long a round waits for its neighbours, when the plan says 0. */
    static final Duration DEFAULT_ROUND_TIMEOUT = Duration.ofSeconds(30);

    private final ExperimentPlan plan;
    private final String self;
    private final int index;
    private final PlanGraph graph;
    private final Algorithm algorithm;
    private final Compressor compressor;
    private final GossipParameters gossip;
    private final Split split;

    private NodePlan(ExperimentPlan plan, String self) {
        this.plan = plan;
        this.self = self;
        List<String> nodes = plan.getNodesList();
        this.index = nodes.indexOf(self);
        if (index < 0) {
            throw problem("nodes", "does not list '" + self + "'");
        }
        Set<String> seen = new HashSet<>();
        for (String node : nodes) {
            String trouble = Topics.nameProblem(node);
            if (trouble != null) {
                throw problem("nodes", "'" + node + "': " + trouble);
            }
            if (!seen.add(node)) {
                throw problem("nodes", "'" + node + "' is listed twice");
            }
        }
        this.graph = graph(nodes, plan.getEdgesList());
        String name = plan.getAlgorithm();
        if (StarAlgorithm.isStar(name)) {
            throw problem("algorithm", "'" + name + "' is star mode; a device agent runs dpsgd, choco or malcom");
        }
        this.algorithm = field("algorithm", () -> Algorithm.parse(name));
        this.compressor = field("compressor", () -> orInputError(() -> Compressors.parse(plan.getCompressor())));
        Hyperparameters h = plan.getHyperparameters();
        if (h.getRounds() < 1 || h.getBatch() < 1) {
            throw problem("hyperparameters", "rounds and batch must be >= 1, got " + h.getRounds() + " and "
                    + h.getBatch());
        }
        MomentumSpec momentum = field("hyperparameters.momentum", () -> orInputError(() -> new MomentumSpec(
                h.getMomentumKind().isEmpty() ? MomentumSpec.DEFAULT_KIND : MomentumSpec.Kind.parse(h.getMomentumKind()),
                h.getMomentum())));
        this.gossip = field("hyperparameters", () -> orInputError(() -> GossipParameters.of(algorithm, h.getEta(),
                h.getGamma(), h.getLambda()).withLocalSteps(Math.max(1, h.getLocalSteps()))
                .withAutoGamma(h.getGammaAutoGain()).withSparsityTarget(h.getSparsityTarget(), Math.max(1, h.getSparsityRampRounds()))
                .withMomentum(momentum)));
        this.split = field("data.split", () -> Splits.parse(plan.getData().getSplit()));
        String testSet = plan.getData().getTestSet();
        if (!testSet.isEmpty() && !testSet.equals("shared")) {
            throw problem("data.test_set", "'" + testSet + "': a device evaluates on the shared test set only");
        }
        double loss = plan.getInjectLoss();
        if (!(loss >= 0 && loss < 1)) {
            throw problem("inject_loss", "must be in [0, 1), got " + loss);
        }
    }

    /** Whether {@code plan} lists {@code node} (a plan that does not is none of its business). */
    static boolean lists(ExperimentPlan plan, String node) {
        return plan.getNodesList().contains(node);
    }

    /**
     * Reads {@code plan} for node {@code self}.
     *
     * @throws InputException naming the plan's field at fault
     */
    static NodePlan read(ExperimentPlan plan, String self) {
        return new NodePlan(plan, self);
    }

    private static PlanGraph graph(List<String> nodes, List<Edge> edges) {
        try {
            return new PlanGraph(nodes, edges);
        } catch (IllegalArgumentException e) {
            throw new InputException("plan: edges: " + e.getMessage(), e);
        }
    }

    /**
     * The plan's dataset must be the one the device has (device.yaml {@code data.source}).
     *
     * @throws InputException naming both
     */
    void requireDataset(String source) {
        if (!plan.getData().getDataset().equals(source)) {
            throw new InputException("plan of experiment " + plan.getExperiment() + " trains on dataset '"
                    + plan.getData().getDataset() + "', but this device's data.source is '" + source + "'");
        }
    }

    /** The csv label column the plan names, if any. */
    Optional<String> label() {
        String label = plan.getData().getLabel();
        return label.isEmpty() ? Optional.empty() : Optional.of(label);
    }

    ModelSpec model(Dataset train) {
        return field("model", () -> orInputError(() -> ModelSpec.parse(plan.getModel(), train.features(), train.classes())));
    }

    /**
     * This node's training rows, as the simulator's split of the whole training set gives them
     * (the split needs only the labels), in partition order.
     */
    Datasets.RowSelection share() {
        return (labels, classes) -> partitions(labels, classes)[index];
    }

    /** The rows of the shared test set the simulator's {@link EvaluationSet} scores on, in its order. */
    Datasets.RowSelection evaluationRows() {
        return EvaluationSet.selection(plan.getTestSamples(), evaluationSeed());
    }

    /**
     * The factory of this node alone, from its {@link #share()} of the training set: the same
     * partition, initial model and generators as the simulator's node.
     */
    NodeFactory node(Dataset share, ModelSpec model) {
        return NodeFactory.ofShare(plan.getExperiment(), gossip, perTensor(model), share, index,
                model.initialize(plan.getSeed()), batch(), plan.getSeed());
    }

    /**
     * The factory of all the run's nodes from the whole training set, as the simulator builds them
     * (tests compare agents with it).
     */
    NodeFactory nodes(TrainTest data, ModelSpec model) {
        Dataset train = data.train();
        return new NodeFactory(plan.getExperiment(), gossip, perTensor(model), train, partitions(train.y(), train.classes()),
                model.initialize(plan.getSeed()), batch(), plan.getSeed());
    }

    /** The plan's compressor with one scale per tensor of {@code model} (DESIGN.md 3.1). */
    private Compressor perTensor(ModelSpec model) {
        return compressor.forLayout(TensorLayout.of(model.tensorLengths()));
    }

    private int[][] partitions(int[] labels, int classes) {
        return split.assign(labels, classes, plan.getNodesCount(), plan.getSeed());
    }

    private int batch() {
        return (int) plan.getHyperparameters().getBatch();
    }

    /** The shared test set, subsampled as the simulator's (tests compare agents with it). */
    EvaluationSet evaluation(TrainTest data) {
        return new EvaluationSet(data.test(), plan.getTestSamples(), evaluationSeed());
    }

    private long evaluationSeed() {
        return Seeds.derive(plan.getSeed(), Seeds.FLEET, Seeds.EVALUATION);
    }

    ExperimentPlan wire() {
        return plan;
    }

    String experiment() {
        return plan.getExperiment();
    }

    String self() {
        return self;
    }

    /** This node's index in the plan's node list (its partition and its generators). */
    int index() {
        return index;
    }

    PlanGraph graph() {
        return graph;
    }

    int rounds() {
        return plan.getHyperparameters().getRounds();
    }

    long seed() {
        return plan.getSeed();
    }

    boolean evaluates(int round) {
        return round % Math.max(1, plan.getEvalEvery()) == 0 || round == rounds();
    }

    int checkpointEvery(int deviceDefault) {
        return plan.getCheckpointEvery() > 0 ? plan.getCheckpointEvery() : deviceDefault;
    }

    int dropoutRounds() {
        return plan.getDropoutRounds() > 0 ? plan.getDropoutRounds() : DEFAULT_DROPOUT_ROUNDS;
    }

    Duration roundTimeout() {
        return plan.getRoundTimeoutMs() > 0 ? Duration.ofMillis(plan.getRoundTimeoutMs()) : DEFAULT_ROUND_TIMEOUT;
    }

    double injectLoss() {
        return plan.getInjectLoss();
    }

    private InputException problem(String field, String what) {
        return new InputException("plan of experiment " + plan.getExperiment() + ": " + field + ": " + what);
    }

    private <T> T field(String field, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (InputException e) {
            throw new InputException("plan of experiment " + plan.getExperiment() + ": " + field + ": "
                    + e.getMessage(), e);
        }
    }
}
