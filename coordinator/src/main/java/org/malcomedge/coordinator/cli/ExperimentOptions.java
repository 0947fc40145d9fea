package org.malcomedge.coordinator.cli;

import static org.malcomedge.agent.InputException.orInputError;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.gossip.MomentumSpec;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.plan.ExperimentSpec.TransportKind;
import org.malcomedge.coordinator.plan.Variant;
import org.malcomedge.coordinator.topology.Topologies;
import picocli.CommandLine.Option;

/** The experiment flags shared by {@code simulate} and {@code compare} (DESIGN.md section 8). */
final class ExperimentOptions {

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "8", description = "Number of devices [${DEFAULT-VALUE}]")
    int nodes;

    @Option(names = "--topology", paramLabel = "SPEC", defaultValue = "ring",
            description = "ring|torus|complete|star|geometric:R|regular:D|erdos:P|dynamic:D:K [${DEFAULT-VALUE}]")
    String topology;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "digits",
            description = "digits|fashion-mnist|mnist|csv:PATH [${DEFAULT-VALUE}]")
    String dataset;

    @Option(names = "--label", paramLabel = "COLUMN", description = "Label column of a csv dataset (name or 0-based index)")
    String label;

    @Option(names = "--split", paramLabel = "SPEC", defaultValue = "iid", description = "iid|dirichlet:A|shards:K [${DEFAULT-VALUE}]")
    String split;

    @Option(names = "--model", paramLabel = "SPEC", defaultValue = "mlp:32", description = "mlp:H1[,H2...], cnn:lenet5 or cnn:[CxHxW,]LAYER,... (device-agent/README.md) [${DEFAULT-VALUE}]")
    String model;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "300", description = "Rounds [${DEFAULT-VALUE}]")
    int rounds;

    @Option(names = "--eta", paramLabel = "E", defaultValue = "0.1", description = "Learning rate [${DEFAULT-VALUE}]")
    double eta;

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "auto",
            description = "Consensus step size in (0, 1], or auto: from the compression quality measured on the "
                    + "residuals sent and the graph, halved when they grow [${DEFAULT-VALUE}]")
    String gamma;

    @Option(names = "--lambda", paramLabel = "L", defaultValue = "0.0001", description = "l1 weight of MALCOM's prox [${DEFAULT-VALUE}]")
    double lambda;

    @Option(names = "--sparsity", paramLabel = "RHO",
            description = "malcom and malcom-beer only: the fraction of exact zeros wanted in each model, in (0, 1): after the "
                    + "l1 prox, each node cuts its smallest weights to zero, ramped up over the first half "
                    + "of the run [none]")
    Double sparsity;

    @Option(names = "--momentum", paramLabel = "BETA", defaultValue = "0",
            description = "Momentum of each node's local step, in [0, 1); 0: none (gossip algorithms only; "
                    + "the step moves about eta / (1 - BETA), so lower --eta with it) [${DEFAULT-VALUE}]")
    double momentum;

    @Option(names = "--momentum-kind", paramLabel = "KIND", defaultValue = "heavy-ball",
            description = "heavy-ball: the buffer sums the node's own directions; quasi-global: it follows the "
                    + "model's moves, gossip included (Lin et al. 2021; helps D-PSGD under label skew, diverges "
                    + "with compressed gossip) [${DEFAULT-VALUE}]")
    String momentumKind;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32", description = "Local batch size [${DEFAULT-VALUE}]")
    int batch;

    @Option(names = "--local-steps", paramLabel = "H", defaultValue = "1", description = "Local SGD steps per round [${DEFAULT-VALUE}]")
    int localSteps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of data split, init, dither [${DEFAULT-VALUE}]")
    long seed;

    /** Not options here: a plan's fleet always uses a real broker it names, a simulation may embed one. */
    private String transport = "mqtt";
    private URI broker;

    @Option(names = "--target-accuracy", paramLabel = "A", description = "Accuracy whose bits and rounds to reach are reported "
            + "[compare: 0.98 x the dpsgd run's final accuracy, else 0.98 x the best run's; simulate: none]")
    Double targetAccuracy;

    @Option(names = "--eval-every", paramLabel = "K", defaultValue = "1", description = "Evaluate test accuracy every K rounds [${DEFAULT-VALUE}]")
    int evalEvery;

    @Option(names = "--participation", paramLabel = "F",
            description = "rand-mcm only: fraction of workers taking part in each round, in (0, 1] [0.5]")
    Double participation;

    @Option(names = "--features", paramLabel = "SCALING", defaultValue = "standard",
            description = "standard: each feature standardized with the nodes' shares' mean and variance; "
                    + "raw: as the dataset stores them [${DEFAULT-VALUE}]")
    String features;

    /**
     * The experiment of one run; {@code --participation} with anything but rand-mcm,
     * {@code --sparsity} with anything but malcom, or {@code --momentum} in star mode, is an input error.
     */
    /** These options on {@code kind} ({@code memory|mqtt}) through {@code uri} (null: an embedded broker). */
    ExperimentOptions on(String kind, URI uri) {
        transport = kind;
        broker = uri;
        return this;
    }

    ExperimentSpec toSpec(Variant variant) {
        return toSpec(variant, participation, sparsity, momentum());
    }

    /**
     * The experiments of a compare: {@code --participation} goes to its rand-mcm runs and
     * {@code --sparsity} to its malcom runs, {@code --momentum} to its gossip runs; each is an input
     * error when there is none.
     */
    List<ExperimentSpec> toSpecs(List<Variant> variants) {
        if (participation != null && variants.stream().noneMatch(ExperimentSpec::isRandMcm)) {
            throw new InputException("--participation: only for rand-mcm, and no run is rand-mcm");
        }
        if (sparsity != null && variants.stream().noneMatch(ExperimentSpec::hasProx)) {
            throw new InputException("--sparsity: only for malcom and malcom-beer, and no run is either");
        }
        MomentumSpec steps = momentum();
        if (!steps.isNone() && variants.stream().allMatch(ExperimentOptions::isStar)) {
            throw new InputException("--momentum: only for the gossip algorithms, and every run is star mode");
        }
        return variants.stream()
                .map(v -> toSpec(v, ExperimentSpec.isRandMcm(v) ? participation : null,
                        ExperimentSpec.hasProx(v) ? sparsity : null, isStar(v) ? MomentumSpec.NONE : steps))
                .toList();
    }

    private static boolean isStar(Variant variant) {
        return StarAlgorithm.isStar(variant.algorithm());
    }

    /** Runs {@code check}; its input error, if any, again with {@code flag} in front. */
    private static void flag(String flag, Runnable check) {
        flag(flag, () -> {
            check.run();
            return null;
        });
    }

    /** What {@code read} returns; its input error or bad argument, if any, as an input error with {@code flag} in front. */
    private static <T> T flag(String flag, Supplier<T> read) {
        try {
            return read.get();
        } catch (InputException | IllegalArgumentException e) {
            throw new InputException(flag + ": " + e.getMessage(), e);
        }
    }

    /** {@code --momentum} of {@code --momentum-kind}, or an input error naming the flag. */
    private MomentumSpec momentum() {
        MomentumSpec.Kind kind = flag("--momentum-kind", () -> MomentumSpec.Kind.parse(momentumKind));
        return flag("--momentum", () -> new MomentumSpec(kind, momentum));
    }

    private ExperimentSpec toSpec(Variant variant, Double fraction, Double zeros, MomentumSpec steps) {
        TransportKind kind = switch (transport) {
            case "memory" -> TransportKind.MEMORY;
            case "mqtt" -> TransportKind.MQTT;
            default -> throw new InputException("--transport: '" + transport + "' is not memory or mqtt");
        };
        ExperimentSpec spec = orInputError(() -> new ExperimentSpec(nodes, topology, variant, dataset, Optional.ofNullable(label),
                split, model, rounds, eta, ExperimentSpec.parseGamma(gamma, "--gamma"), lambda, batch, localSteps, seed, kind, Optional.ofNullable(broker),
                targetAccuracy == null ? OptionalDouble.empty() : OptionalDouble.of(targetAccuracy), evalEvery,
                fraction == null ? OptionalDouble.empty() : OptionalDouble.of(fraction),
                FeatureScaling.parse(features, "--features"),
                zeros == null ? OptionalDouble.empty() : OptionalDouble.of(zeros), steps));
        flag("--dataset", () -> Datasets.checkName(dataset));
        flag("--topology", () -> Topologies.parse(topology, nodes, seed));
        return spec;
    }
}
