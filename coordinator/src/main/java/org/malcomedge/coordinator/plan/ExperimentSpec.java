package org.malcomedge.coordinator.plan;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.MomentumSpec;
import org.malcomedge.agent.star.StarAlgorithm;

/**
 * Everything that defines one experiment run, as given on the command line or in plan.yaml
 * (DESIGN.md section 8); {@code features} says how features reach the model ({@link FeatureScaling});
 * {@code sparsity} is malcom's target fraction of exact zeros, to which each node prunes its model
 * after the l1 prox (empty: none); {@code momentum} that of each node's local step (gossip
 * algorithms only). Validated on construction; a bad value is an IllegalArgumentException whose
 * message names the flag.
 */
public record ExperimentSpec(
        int nodes,
        String topology,
        Variant variant,
        String dataset,
        Optional<String> label,
        String split,
        String model,
        int rounds,
        double eta,
        OptionalDouble gamma,
        double lambda,
        int batch,
        int localSteps,
        long seed,
        TransportKind transport,
        Optional<URI> broker,
        OptionalDouble targetAccuracy,
        int evalEvery,
        OptionalDouble participation,
        FeatureScaling features,
        OptionalDouble sparsity,
        MomentumSpec momentum) {

    /** How frames travel in a simulated fleet. */
    public enum TransportKind { MEMORY, MQTT }

    public ExperimentSpec {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(features, "features");
        require(nodes >= 2, "--nodes", nodes + " (a fleet needs at least 2 nodes)");
        require(rounds >= 1, "--rounds", rounds + " (at least 1)");
        require(eta >= 0 && Double.isFinite(eta), "--eta", eta + " (a finite value >= 0)");
        Objects.requireNonNull(gamma, "gamma");
        gamma.ifPresent(g -> require(g > 0 && g <= 1, "--gamma", g + " (in (0, 1], or auto)"));
        require(lambda >= 0 && Double.isFinite(lambda), "--lambda", lambda + " (a finite value >= 0)");
        require(batch >= 1, "--batch", batch + " (at least 1)");
        require(localSteps >= 1, "--local-steps", localSteps + " (at least 1)");
        require(evalEvery >= 1, "--eval-every", evalEvery + " (at least 1)");
        targetAccuracy.ifPresent(a -> require(a > 0 && a <= 1, "--target-accuracy", a + " (in (0, 1])"));
        require(broker.isEmpty() || transport == TransportKind.MQTT, "--broker",
                broker.map(URI::toString).orElse("") + " (only with --transport mqtt)");
        require(label.isEmpty() || dataset.startsWith("csv:"), "--label", label.orElse("") + " (only with --dataset csv:PATH)");
        participation.ifPresent(p -> require(p > 0 && p <= 1, "--participation", p + " (in (0, 1])"));
        participation.ifPresent(p -> require(isRandMcm(variant), "--participation",
                p + " (only for rand-mcm, not " + variant.algorithm() + ")"));
        Objects.requireNonNull(sparsity, "sparsity");
        sparsity.ifPresent(rho -> require(rho > 0 && rho < 1, "--sparsity", rho + " (a fraction of zeros in (0, 1))"));
        sparsity.ifPresent(rho -> require(hasProx(variant), "--sparsity",
                rho + " (only malcom has an l1 prox, not " + variant.algorithm() + ")"));
        Objects.requireNonNull(momentum, "momentum");
        require(momentum.isNone() || !StarAlgorithm.isStar(variant.algorithm()), "--momentum",
                momentum.beta() + " (star mode's workers take plain steps, not " + variant.algorithm() + ")");
    }

    /** An experiment without momentum. */
    public ExperimentSpec(int nodes, String topology, Variant variant, String dataset, Optional<String> label,
            String split, String model, int rounds, double eta, OptionalDouble gamma, double lambda, int batch,
            int localSteps, long seed, TransportKind transport, Optional<URI> broker, OptionalDouble targetAccuracy,
            int evalEvery, OptionalDouble participation, FeatureScaling features, OptionalDouble sparsity) {
        this(nodes, topology, variant, dataset, label, split, model, rounds, eta, gamma, lambda, batch, localSteps,
                seed, transport, broker, targetAccuracy, evalEvery, participation, features, sparsity, MomentumSpec.NONE);
    }

    /** An experiment with a fixed lambda (no sparsity target). */
    public ExperimentSpec(int nodes, String topology, Variant variant, String dataset, Optional<String> label,
            String split, String model, int rounds, double eta, OptionalDouble gamma, double lambda, int batch,
            int localSteps, long seed, TransportKind transport, Optional<URI> broker, OptionalDouble targetAccuracy,
            int evalEvery, OptionalDouble participation, FeatureScaling features) {
        this(nodes, topology, variant, dataset, label, split, model, rounds, eta, gamma, lambda, batch, localSteps,
                seed, transport, broker, targetAccuracy, evalEvery, participation, features, OptionalDouble.empty(),
                MomentumSpec.NONE);
    }

    /** {@code auto} (the default) or a fixed step in (0, 1]; anything else an error naming {@code flag}. */
    public static OptionalDouble parseGamma(String text, String flag) {
        if (text.strip().equals("auto")) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": bad value '" + text + "' (auto, or a number in (0, 1])");
        }
    }

    /** Rounds over which a sparsity target ramps up: the first half of the run (gradual pruning). */
    public int sparsityRampRounds() {
        return Math.max(1, rounds / 2);
    }

    /** The consensus step as written on the command line and in summaries: {@code auto} or the number. */
    public String gammaSpec() {
        return gamma.isPresent() ? Double.toString(gamma.getAsDouble()) : "auto";
    }

    /** malcom and malcom-beer, the algorithms with an l1 prox (and so a sparsity target). */
    public static boolean hasProx(Variant variant) {
        return Arrays.stream(Algorithm.values()).anyMatch(a -> a.hasProx() && a.spec().equals(variant.algorithm()));
    }

    /** Rand-MCM, the one algorithm with partial participation. */
    public static boolean isRandMcm(Variant variant) {
        return variant.algorithm().equals(StarAlgorithm.RAND_MCM.spec());
    }

    /**
     * The same experiment with another algorithm/compressor (for compare); the participation stays
     * with Rand-MCM, the sparsity target with malcom, the momentum with the gossip algorithms.
     */
    public ExperimentSpec with(Variant other) {
        return new ExperimentSpec(nodes, topology, other, dataset, label, split, model, rounds, eta, gamma, lambda,
                batch, localSteps, seed, transport, broker, targetAccuracy, evalEvery,
                isRandMcm(other) ? participation : OptionalDouble.empty(), features,
                hasProx(other) ? sparsity : OptionalDouble.empty(),
                StarAlgorithm.isStar(other.algorithm()) ? MomentumSpec.NONE : momentum);
    }

    /** The same experiment with this momentum on the local step. */
    public ExperimentSpec withMomentum(MomentumSpec spec) {
        return new ExperimentSpec(nodes, topology, variant, dataset, label, split, model, rounds, eta, gamma, lambda,
                batch, localSteps, seed, transport, broker, targetAccuracy, evalEvery, participation, features, sparsity,
                spec);
    }

    /** The same experiment, {@code count} rounds long (a compare's untimed warm-up). */
    public ExperimentSpec withRounds(int count) {
        return new ExperimentSpec(nodes, topology, variant, dataset, label, split, model, count, eta, gamma, lambda,
                batch, localSteps, seed, transport, broker, targetAccuracy, evalEvery, participation, features, sparsity,
                momentum);
    }

    /** The same experiment with these step sizes (a runs file's per-run eta, gamma, lambda). */
    public ExperimentSpec withSteps(double stepEta, OptionalDouble stepGamma, double stepLambda) {
        return new ExperimentSpec(nodes, topology, variant, dataset, label, split, model, rounds, stepEta, stepGamma,
                stepLambda, batch, localSteps, seed, transport, broker, targetAccuracy, evalEvery, participation, features,
                sparsity, momentum);
    }

    private static void require(boolean ok, String flag, String value) {
        if (!ok) {
            throw new IllegalArgumentException(flag + ": bad value " + value);
        }
    }

    /** Output folder default: runs/yyyyMMdd-HHmmss under the working directory. */
    public static Path defaultOut(java.time.Clock clock) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(clock.getZone()).format(clock.instant());
        return Path.of("runs", stamp);
    }
}
