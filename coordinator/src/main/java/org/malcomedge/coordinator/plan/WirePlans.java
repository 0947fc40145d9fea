package org.malcomedge.coordinator.plan;

import java.util.List;
import java.util.Optional;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.coordinator.topology.Graph;
import org.malcomedge.coordinator.topology.MixingWeights;
import org.malcomedge.coordinator.topology.Topologies;
import org.malcomedge.coordinator.topology.Topology;
import org.malcomedge.wire.DataSplit;
import org.malcomedge.wire.Edge;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.Hyperparameters;

/**
 * The one translation of a {@link FleetPlan} into the retained {@link ExperimentPlan} the devices
 * read (DESIGN.md section 5, fleet contract): the topology's graph over the plan's node ids, its
 * Metropolis-Hastings weights, the hyperparameters, the data split, seed and the fleet settings.
 * Node i of the topology is {@code plan.nodeIds().get(i)}, as in the simulator.
 */
public final class WirePlans {

    private WirePlans() {
    }

    /**
     * Every check of the plan, before anything is written or started.
     *
     * @throws InputException naming the field when the plan cannot run on a real fleet (a
     *                        time-varying topology, an unknown compressor)
     */
    public static void check(FleetPlan plan) {
        build(plan);
    }

    /**
     * The plan the devices read, with the standardization they apply ({@code features: standard}:
     * required; {@code raw}: none).
     *
     * @throws InputException naming the field when the plan cannot run on a real fleet (a
     *                        time-varying topology, an unknown compressor)
     */
    public static ExperimentPlan of(FleetPlan plan, Optional<Standardization> scaling) {
        ExperimentSpec spec = plan.spec();
        if (scaling.isPresent() != (spec.features() == FeatureScaling.STANDARD)) {
            throw new IllegalArgumentException("features: " + spec.features().spec() + " "
                    + (scaling.isPresent() ? "takes no standardization" : "needs the standardization of the nodes' shares"));
        }
        ExperimentPlan.Builder wire = build(plan);
        scaling.ifPresent(s -> {
            org.malcomedge.wire.FeatureScaling.Builder features = org.malcomedge.wire.FeatureScaling.newBuilder();
            for (int j = 0; j < s.features(); j++) {
                features.addMean(s.mean()[j]).addScale(s.scale()[j]);
            }
            wire.setScaling(features);
        });
        return wire.build();
    }

    private static ExperimentPlan.Builder build(FleetPlan plan) {
        ExperimentSpec spec = plan.spec();
        String name = spec.variant().algorithm();
        if (StarAlgorithm.isStar(name)) {
            return star(plan, StarAlgorithm.parse(name));
        }
        Algorithm algorithm = Algorithm.parse(name);
        String compressor = spec.variant().compressor().orElse(algorithm.defaultCompressor());
        InputException.orInputError(() -> Compressors.parse(compressor));
        Graph graph = graph(spec);
        MixingWeights weights = MixingWeights.metropolisHastings(graph);
        List<String> ids = plan.nodeIds();
        ExperimentPlan.Builder wire = common(plan).setAlgorithm(algorithm.spec()).setCompressor(compressor)
                .setTopology(spec.topology());
        wire.setHyperparameters(wire.getHyperparameters().toBuilder().setGammaAutoGain(autoGammaGain(spec, weights)));
        for (int[] edge : graph.edges()) {
            wire.addEdges(Edge.newBuilder().setA(ids.get(edge[0])).setB(ids.get(edge[1]))
                    .setWeight(weights.weight(edge[0], edge[1])));
        }
        for (int i = 0; i < graph.size(); i++) {
            wire.addSelfWeights(weights.self(i));
        }
        return wire;
    }

    /**
     * A star plan (DESIGN.md section 4, MCM): the nodes are the workers of the coordinator's server,
     * in worker order; no edges. The compressor is C_up (C_dwn derives from it, {@code StarCodecs}),
     * participation is Rand-MCM's fraction (1 for the others).
     */
    private static ExperimentPlan.Builder star(FleetPlan plan, StarAlgorithm algorithm) {
        ExperimentSpec spec = plan.spec();
        String compressor = spec.variant().compressor().orElse(StarAlgorithm.DEFAULT_COMPRESSOR);
        InputException.orInputError(() -> Compressors.parse(compressor));
        double participation = algorithm == StarAlgorithm.RAND_MCM
                ? spec.participation().orElse(StarAlgorithm.RAND_MCM_PARTICIPATION) : 1;
        return common(plan).setAlgorithm(algorithm.spec()).setCompressor(compressor).setTopology("star")
                .setParticipation(participation);
    }

    /** What every plan carries: nodes, hyperparameters, model, data, seed and the fleet settings. */
    private static ExperimentPlan.Builder common(FleetPlan plan) {
        ExperimentSpec spec = plan.spec();
        return ExperimentPlan.newBuilder()
                .setExperiment(plan.experiment())
                .addAllNodes(plan.nodeIds())
                .setHyperparameters(Hyperparameters.newBuilder()
                        .setEta(spec.eta()).setGamma(spec.gamma().orElse(1)).setLambda(spec.lambda())
                        .setSparsityTarget(spec.sparsity().orElse(0)).setSparsityRampRounds(spec.sparsityRampRounds())
                        .setMomentum(spec.momentum().beta()).setMomentumKind(spec.momentum().isNone() ? "" : spec.momentum().kind().spec())
                        .setBatch(spec.batch()).setRounds(spec.rounds()).setLocalSteps(spec.localSteps()))
                .setModel(spec.model())
                .setData(DataSplit.newBuilder().setDataset(spec.dataset()).setSplit(spec.split())
                        .setLabel(spec.label().orElse("")).setTestSet("shared"))
                .setSeed(spec.seed())
                .setTargetAccuracy(spec.targetAccuracy().orElse(0))
                .setCheckpointEvery(plan.settings().checkpointEvery())
                .setDropoutRounds(plan.settings().dropoutRounds())
                .setEvalEvery(spec.evalEvery())
                .setTestSamples(plan.settings().testSamples())
                .setRoundTimeoutMs(plan.settings().roundTimeoutMs())
                .setInjectLoss(plan.settings().injectLoss());
    }

    /**
     * One node's gossip parameters for {@code spec} on a graph with these weights: gamma fixed, or
     * auto with the graph's gain ({@link #autoGammaGain}). What a device builds from the plan, for the simulator.
     */
    public static GossipParameters gossipParameters(ExperimentSpec spec, Algorithm algorithm, MixingWeights weights) {
        return GossipParameters.of(algorithm, spec.eta(), spec.gamma().orElse(1), spec.lambda())
                .withLocalSteps(spec.localSteps())
                .withAutoGamma(autoGammaGain(spec, weights))
                .withSparsityTarget(spec.sparsity().orElse(0), spec.sparsityRampRounds())
                .withMomentum(spec.momentum());
    }

    /** {@code 2 / ||I - W||_2} with {@code --gamma auto}, 0 with a fixed gamma (DESIGN.md 4, "Consensus step"). */
    static double autoGammaGain(ExperimentSpec spec, MixingWeights weights) {
        return spec.gamma().isPresent() ? 0 : GossipParameters.autoGammaGain(weights.beta());
    }

    /**
     * The plan's graph: a real fleet keeps one graph for the whole run.
     *
     * @throws InputException for a time-varying topology or a bad spec
     */
    public static Graph graph(ExperimentSpec spec) {
        Topology topology = Topologies.parse(spec.topology(), spec.nodes(), spec.seed());
        if (topology.timeVarying()) {
            throw new InputException("topology: " + spec.topology() + " changes over the rounds; a real fleet needs a fixed graph");
        }
        return topology.graphAt(1);
    }
}
