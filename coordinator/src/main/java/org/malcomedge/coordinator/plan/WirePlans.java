package org.malcomedge.coordinator.plan;

import java.util.List;
import org.malcomedge.agent.cli.InputException;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.coordinator.fleet.Simulation;
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
     * @throws InputException naming the field when the plan cannot run on a real fleet (a star or
     *                        time-varying topology, an unknown compressor)
     */
    public static ExperimentPlan of(FleetPlan plan) {
        ExperimentSpec spec = plan.spec();
        String name = spec.variant().algorithm();
        if (StarAlgorithm.isStar(name)) {
            throw new InputException("algorithm: " + name + " (star mode) runs only in simulate for now; "
                    + "a real fleet runs dpsgd, choco or malcom");
        }
        Algorithm algorithm = Algorithm.parse(name);
        String compressor = spec.variant().compressor().orElse(Simulation.defaultCompressor(algorithm));
        InputException.orInputError(() -> Compressors.parse(compressor));
        Graph graph = graph(spec);
        MixingWeights weights = MixingWeights.metropolisHastings(graph);
        List<String> ids = plan.nodeIds();

        ExperimentPlan.Builder wire = ExperimentPlan.newBuilder()
                .setExperiment(plan.experiment())
                .addAllNodes(ids)
                .setAlgorithm(algorithm.spec())
                .setCompressor(compressor)
                .setHyperparameters(Hyperparameters.newBuilder()
                        .setEta(spec.eta()).setGamma(spec.gamma()).setLambda(spec.lambda())
                        .setBatch(spec.batch()).setRounds(spec.rounds()).setLocalSteps(spec.localSteps()))
                .setModel(spec.model())
                .setData(DataSplit.newBuilder().setDataset(spec.dataset()).setSplit(spec.split())
                        .setLabel(spec.label().orElse("")).setTestSet("shared"))
                .setSeed(spec.seed())
                .setTargetAccuracy(spec.targetAccuracy().orElse(0))
                .setCheckpointEvery(plan.settings().checkpointEvery())
                .setTopology(spec.topology())
                .setDropoutRounds(plan.settings().dropoutRounds())
                .setEvalEvery(spec.evalEvery())
                .setTestSamples(plan.settings().testSamples())
                .setRoundTimeoutMs(plan.settings().roundTimeoutMs())
                .setInjectLoss(plan.settings().injectLoss());
        for (int[] edge : graph.edges()) {
            wire.addEdges(Edge.newBuilder().setA(ids.get(edge[0])).setB(ids.get(edge[1]))
                    .setWeight(weights.weight(edge[0], edge[1])));
        }
        for (int i = 0; i < graph.size(); i++) {
            wire.addSelfWeights(weights.self(i));
        }
        return wire.build();
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
