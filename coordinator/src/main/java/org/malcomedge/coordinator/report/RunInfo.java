package org.malcomedge.coordinator.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a run was asked to do: the configuration half of {@code summary.json}, written when the
 * run starts. Boxed fields are optional (null when not applicable or not given).
 *
 * @param run            the run's label, e.g. {@code choco:qsgd:16} in {@code compare} (ALGORITHM[:COMPRESSOR])
 * @param compressor     the compressor spec (DESIGN.md section 3.4), e.g. {@code malcom:8} or {@code dense}
 * @param topology       the topology spec as given, e.g. {@code ring} or {@code regular:4}
 * @param spectralGap    1 - max(|lambda_2|, |lambda_n|) of the mixing matrix
 * @param features       {@code standard} or {@code raw} (agent.data.FeatureScaling); null in folders written
 *                       before the flag existed (raw)
 * @param classes        the number of classes of the test set (chance level is 1/classes); null when unknown
 *                       (a real fleet's coordinator without the dataset)
 * @param rounds         the number of rounds asked for
 * @param gamma          the consensus step as asked for: a number, or {@code auto}; null where there is none
 * @param momentum       the local step's momentum, e.g. {@code heavy-ball 0.9}; null for none
 * @param transport      {@code memory} or {@code mqtt}
 * @param targetAccuracy the accuracy target in [0, 1]; null when none was set
 */
@JsonPropertyOrder({"run", "algorithm", "compressor", "nodes", "topology", "spectral_gap", "dataset", "split",
    "features", "model", "classes", "rounds", "seed", "eta", "gamma", "lambda", "momentum", "batch",
    "transport", "target_accuracy"})
public record RunInfo(
        String run,
        String algorithm,
        String compressor,
        int nodes,
        String topology,
        Double spectralGap,
        String dataset,
        String split,
        String features,
        String model,
        Integer classes,
        int rounds,
        long seed,
        Double eta,
        String gamma,
        Double lambda,
        String momentum,
        Integer batch,
        String transport,
        Double targetAccuracy) {

    /** This configuration with {@code target} as its accuracy target (compare's default target, set after the runs). */
    public RunInfo withTargetAccuracy(Double target) {
        return new RunInfo(run, algorithm, compressor, nodes, topology, spectralGap, dataset, split, features, model, classes, rounds,
                seed, eta, gamma, lambda, momentum, batch, transport, target);
    }

    /** The label to show for this run: {@link #run} if set, else ALGORITHM[:COMPRESSOR]. */
    public String label() {
        if (run != null && !run.isBlank()) {
            return run;
        }
        return compressor == null || compressor.isBlank() ? algorithm : algorithm + ":" + compressor;
    }
}
