package org.malcomedge.agent.gossip;

import java.util.Objects;

/**
 * Hyperparameters of one node's gossip step.
 *
 * @param eta              SGD step size
 * @param gamma            consensus step size (CHOCO, MALCOM; D-PSGD ignores it)
 * @param lambda           l1 weight of MALCOM's prox (prox threshold eta * lambda)
 * @param localSteps       H local SGD steps per round, each on a fresh batch
 * @param gapWindowRounds  rounds a sequence gap may stay open before a keyframe is requested
 * @param initialEstimate  where xhat starts
 */
public record GossipParameters(
        Algorithm algorithm,
        double eta,
        double gamma,
        double lambda,
        int localSteps,
        int gapWindowRounds,
        InitialEstimate initialEstimate) {

    public GossipParameters {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(initialEstimate, "initialEstimate");
        require(eta >= 0 && Double.isFinite(eta), "eta must be finite and >= 0, got " + eta);
        require(gamma > 0 && gamma <= 1, "gamma must be in (0, 1], got " + gamma);
        require(lambda >= 0 && Double.isFinite(lambda), "lambda must be finite and >= 0, got " + lambda);
        require(localSteps >= 1, "local steps must be >= 1, got " + localSteps);
        require(gapWindowRounds >= 1, "gap window must be >= 1 round, got " + gapWindowRounds);
    }

    /** Defaults: H = 1, a gap window of 2 rounds, xhat from the initial model. */
    public static GossipParameters of(Algorithm algorithm, double eta, double gamma, double lambda) {
        return new GossipParameters(algorithm, eta, gamma, lambda, 1, 2, InitialEstimate.INITIAL_MODEL);
    }

    public GossipParameters withLocalSteps(int h) {
        return new GossipParameters(algorithm, eta, gamma, lambda, h, gapWindowRounds, initialEstimate);
    }

    public GossipParameters withGapWindow(int rounds) {
        return new GossipParameters(algorithm, eta, gamma, lambda, localSteps, rounds, initialEstimate);
    }

    public GossipParameters withInitialEstimate(InitialEstimate start) {
        return new GossipParameters(algorithm, eta, gamma, lambda, localSteps, gapWindowRounds, start);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
