package org.malcomedge.agent.gossip;

/**
 * One node's consensus step gamma_i: fixed, or {@code auto} (DESIGN.md 4, "Consensus step";
 * device-agent README, "The consensus step"). Auto observes, every round, the residual
 * {@code v = x_half - xhat_i} with what was sent of it, {@code q = C(v)}, and after mixing the
 * node's local disagreement {@code a_t = ||sum_j w_ij (xhat_j - xhat_i)||}:
 * <pre>
 *   delta_t = (q . v)^2 / (||q||^2 ||v||^2)        compression quality of the best-scaled C on v
 *   gamma_i = min(gamma_i, gain * ema(delta))        gain = 2 / beta from the plan, beta = ||I - W||_2
 *   ema(a)_t > GROWTH * ema(a)_{t - WINDOW}   (t >= WARMUP, both after the last halving)  =>  gamma_i /= 2
 * </pre>
 * A stable step lets the disagreement settle at a plateau within a few hundred rounds; a step too
 * large for the compressor makes it grow geometrically, long before the loss shows it (measured on
 * fashion-mnist: a plateau moves by under 10 % in 200 rounds, a diverging step grows 1.7x or more). gamma_i never grows, so the edge
 * step {@code min(gamma_i, gamma_j)} both ends use keeps the mixing symmetric (the average is
 * preserved) once each has the other's latest frame. Not thread-safe: the node's lock guards it.
 */
final class ConsensusStep {

    /** Weight of the newest round in both moving averages (about a 10-round memory). */
    static final double EMA = 0.1;
    /** Rounds between the two disagreements compared: slow divergence shows only over hundreds. */
    static final int WINDOW = 200;
    /** Rounds from the start before growth is judged: from a common x_0 it grows to its plateau first. */
    static final int WARMUP = 300;
    /** Growth of the smoothed disagreement within WINDOW rounds that counts as the step diverging. */
    static final double GROWTH = 1.3;
    /** gamma_i never goes below this: a step of 0 would stop consensus altogether. */
    static final double FLOOR = 1e-4;

    private final double gain;
    private double gamma;
    /** Smoothed delta per residual stream: the model's, and with gradient tracking the tracker's. */
    private final double[] deltas = {Double.NaN, Double.NaN};
    private double disagreement = Double.NaN;
    /** The smoothed disagreement of the last WINDOW rounds, a ring indexed by sinceChange. */
    private final double[] history = new double[WINDOW];
    private int rounds;
    /** Rounds since the last halving (or the start): only disagreements under the current step are compared. */
    private int sinceChange;
    private int halvings;

    /**
     * @param ceiling the largest gamma_i (the fixed gamma when {@code gain == 0})
     * @param gain    auto's {@code gamma = gain * delta}; 0 for a fixed step
     */
    ConsensusStep(double ceiling, double gain) {
        if (!(ceiling > 0 && ceiling <= 1) || !(gain >= 0 && Double.isFinite(gain))) {
            throw new IllegalArgumentException("consensus step: ceiling " + ceiling + " must be in (0, 1], gain "
                    + gain + " finite and >= 0");
        }
        this.gain = gain;
        this.gamma = ceiling;
    }

    boolean isAuto() {
        return gain > 0;
    }

    /** gamma_i for the frame being sent and this round's mixing. */
    double gamma() {
        return gamma;
    }

    /** The smoothed measured delta of the model's residuals (NaN before the first residual or for a fixed step). */
    double delta() {
        return deltas[0];
    }

    /** How often the growth rule halved gamma_i. */
    int halvings() {
        return halvings;
    }

    /** Back from a checkpoint: the step it had (if smaller); the growth detector starts afresh. */
    void resume(double savedGamma) {
        if (savedGamma > 0 && savedGamma < gamma) {
            gamma = savedGamma;
        }
        rounds = 0;
        sinceChange = 0;
        disagreement = Double.NaN;
    }

    /** This round's residual {@code v} of the model and its compressed form {@code q} (length d): updates delta. */
    void observeResidual(float[] v, float[] q) {
        observeResidual(0, v, q);
    }

    /**
     * Gradient tracking: the tracker's residual {@code v - g_i} and its compressed form. Both
     * estimates mix with gamma_i, so it follows the worse of the two qualities: a top-k that keeps
     * most of a sparse model's residual keeps little of the dense tracker's.
     */
    void observeTrackerResidual(float[] v, float[] q) {
        observeResidual(1, v, q);
    }

    private void observeResidual(int stream, float[] v, float[] q) {
        if (!isAuto()) {
            return;
        }
        double vv = 0;
        double qq = 0;
        double qv = 0;
        for (int k = 0; k < v.length; k++) {
            vv += (double) v[k] * v[k];
            qq += (double) q[k] * q[k];
            qv += (double) q[k] * v[k];
        }
        if (vv > 0 && qq > 0) {
            double quality = qv * qv / (qq * vv);
            double delta = deltas[stream];
            deltas[stream] = Double.isNaN(delta) ? quality : delta + EMA * (quality - delta);
            gamma = Math.max(FLOOR, Math.min(gamma, gain * deltas[stream]));
        }
    }

    /**
     * This round's local disagreement {@code ||sum_j w_ij (xhat_j - xhat_i)||}, after mixing:
     * halves gamma_i when it grew GROWTH-fold within WINDOW rounds (takes effect next round).
     * At most one halving per WINDOW rounds.
     */
    void observeDisagreement(double norm) {
        if (!isAuto() || !Double.isFinite(norm)) {
            return;
        }
        disagreement = Double.isNaN(disagreement) ? norm : disagreement + EMA * (norm - disagreement);
        int slot = sinceChange % WINDOW;
        double windowAgo = history[slot];
        history[slot] = disagreement;
        sinceChange++;
        rounds++;
        if (rounds > WARMUP && sinceChange > WINDOW && disagreement > GROWTH * windowAgo && gamma > FLOOR) {
            gamma = Math.max(FLOOR, gamma / 2);
            halvings++;
            sinceChange = 0;
        }
    }
}
