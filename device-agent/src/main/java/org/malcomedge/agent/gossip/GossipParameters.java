package org.malcomedge.agent.gossip;

import java.util.Objects;

/**
 * Hyperparameters of one node's gossip step.
 *
 * @param eta              SGD step size
 * @param gamma            consensus step size (CHOCO, MALCOM; D-PSGD ignores it); with auto, its ceiling
 * @param lambda           l1 weight of the prox of malcom and malcom-beer (prox threshold eta * lambda)
 * @param localSteps       H local SGD steps per round, each on a fresh batch
 * @param gapWindowRounds  rounds a sequence gap may stay open before a keyframe is requested
 * @param initialEstimate  where xhat starts
 * @param autoGammaGain    0 for a fixed gamma; else {@code --gamma auto}: gamma_i = min(gamma, gain * delta),
 *                         halved when the residuals grow ({@link ConsensusStep})
 * @param sparsityTarget   0 for none; else {@code --sparsity}: the fraction of exact zeros in (0, 1) each
 *                         node's model keeps after the prox ({@link SparsityControl})
 * @param sparsityRampRounds rounds over which the fraction of zeros ramps up to the target
 * @param momentum         of the local step ({@link Momentum}); {@link MomentumSpec#NONE} for plain SGD
 */
public record GossipParameters(
        Algorithm algorithm,
        double eta,
        double gamma,
        double lambda,
        int localSteps,
        int gapWindowRounds,
        InitialEstimate initialEstimate,
        double autoGammaGain,
        double sparsityTarget,
        int sparsityRampRounds,
        MomentumSpec momentum) {

    public GossipParameters {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(initialEstimate, "initialEstimate");
        Objects.requireNonNull(momentum, "momentum");
        require(eta >= 0 && Double.isFinite(eta), "eta must be finite and >= 0, got " + eta);
        require(gamma > 0 && gamma <= 1, "gamma must be in (0, 1], got " + gamma);
        require(lambda >= 0 && Double.isFinite(lambda), "lambda must be finite and >= 0, got " + lambda);
        require(localSteps >= 1, "local steps must be >= 1, got " + localSteps);
        require(gapWindowRounds >= 1, "gap window must be >= 1 round, got " + gapWindowRounds);
        require(autoGammaGain >= 0 && Double.isFinite(autoGammaGain), "auto gamma gain must be finite and >= 0, got "
                + autoGammaGain);
        require(sparsityTarget == 0 || (sparsityTarget > 0 && sparsityTarget < 1),
                "sparsity target must be in (0, 1), or 0 for a fixed lambda, got " + sparsityTarget);
        require(sparsityTarget == 0 || algorithm.hasProx(),
                "a sparsity target needs the l1 prox of malcom or malcom-beer, not " + algorithm.spec());
        require(localSteps == 1 || !algorithm.tracksGradient(),
                algorithm.spec() + " takes one gradient step per round (its tracker is of one gradient), not " + localSteps);
        require(sparsityRampRounds >= 1, "sparsity ramp must be >= 1 round, got " + sparsityRampRounds);
    }

    /** Defaults: H = 1, a gap window of 2 rounds, xhat from the initial model. */
    public static GossipParameters of(Algorithm algorithm, double eta, double gamma, double lambda) {
        return new GossipParameters(algorithm, eta, gamma, lambda, 1, 2, InitialEstimate.INITIAL_MODEL, 0, 0, 1, MomentumSpec.NONE);
    }

    public GossipParameters withLocalSteps(int h) {
        return new GossipParameters(algorithm, eta, gamma, lambda, h, gapWindowRounds, initialEstimate, autoGammaGain,
                sparsityTarget, sparsityRampRounds, momentum);
    }

    public GossipParameters withGapWindow(int rounds) {
        return new GossipParameters(algorithm, eta, gamma, lambda, localSteps, rounds, initialEstimate, autoGammaGain,
                sparsityTarget, sparsityRampRounds, momentum);
    }

    public GossipParameters withInitialEstimate(InitialEstimate start) {
        return new GossipParameters(algorithm, eta, gamma, lambda, localSteps, gapWindowRounds, start, autoGammaGain,
                sparsityTarget, sparsityRampRounds, momentum);
    }

    /**
     * {@code --gamma auto} with this gain (the plan's {@code 2 / ||I - W||_2}); gamma becomes the
     * ceiling of the step.
     */
    public GossipParameters withAutoGamma(double gain) {
        return new GossipParameters(algorithm, eta, gamma, lambda, localSteps, gapWindowRounds, initialEstimate, gain,
                sparsityTarget, sparsityRampRounds, momentum);
    }

    /**
     * {@code --sparsity}: after the prox, the smallest magnitudes of x_i are cut to zero so that this
     * fraction of it is zero, ramped up over {@code rampRounds} (target 0: no cut).
     */
    public GossipParameters withSparsityTarget(double target, int rampRounds) {
        return new GossipParameters(algorithm, eta, gamma, lambda, localSteps, gapWindowRounds, initialEstimate,
                autoGammaGain, target, rampRounds, momentum);
    }

    /** Momentum on the local step ({@link Momentum}). */
    public GossipParameters withMomentum(MomentumSpec spec) {
        return new GossipParameters(algorithm, eta, gamma, lambda, localSteps, gapWindowRounds, initialEstimate,
                autoGammaGain, sparsityTarget, sparsityRampRounds, spec);
    }

    /**
     * {@code --gamma auto}'s gain for a graph with {@code beta = ||I - W||_2}: {@code 2 / beta}, so
     * gamma_i = 2 delta / beta (capped at the ceiling). The 2 is measured, not derived: CHOCO's
     * proven step is two to three orders of magnitude smaller than what converges (device-agent
     * README, "The consensus step").
     */
    public static double autoGammaGain(double beta) {
        if (!(beta > 0 && beta <= 2)) {
            throw new IllegalArgumentException("beta = ||I - W|| must be in (0, 2], got " + beta);
        }
        return 2 / beta;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
