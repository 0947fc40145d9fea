package org.malcomedge.agent.gossip;

import java.util.Arrays;

/**
 * A target sparsity for MALCOM's model ({@code --sparsity RHO}). The l1 weight lambda has no natural
 * scale (it depends on the data, the model and eta: the default sparsifies nothing on most data, and
 * a lambda large enough to zero most weights shrinks the others by as much every round and costs
 * accuracy), so a user states the fraction of exact zeros wanted instead. After the l1 prox of
 * round t, the entries of magnitude at most {@code |v|_(k)}, the k-th smallest of the d magnitudes,
 * become zero, {@code k = floor(rho_t d)} with {@code rho_t = RHO (1 - (1 - t/T)^3)} for t < T, then
 * RHO. This is the prox of an l0 penalty at the weight that leaves rho_t zeros (a hard threshold:
 * the surviving weights keep their value), with the cubic ramp over T rounds of gradual magnitude
 * pruning (Zhu and Gupta 2017), so the model learns which weights matter before most are cut. A cut
 * weight may grow back when its gradient persists. No state: a node computes the cut from its own
 * model and the round, so a restarted node and the simulator agree without communication.
 */
final class SparsityControl {

    private final double target;
    private final int rampRounds;

    /**
     * @param target     the fraction of zeros wanted in (0, 1), or 0 for none
     * @param rampRounds T, rounds over which the fraction ramps up to the target (>= 1)
     */
    SparsityControl(double target, int rampRounds) {
        this.target = target;
        this.rampRounds = Math.max(1, rampRounds);
    }

    /** The fraction of zeros aimed at in {@code round} (0 without a target). */
    double targetAt(int round) {
        if (target == 0) {
            return 0;
        }
        double left = 1 - Math.min(1, (double) round / rampRounds);
        return target * (1 - left * left * left);
    }

    /** Cuts to zero the entries of {@code v} at or below the magnitude that leaves the target of {@code round}. */
    void cut(float[] v, int round) {
        int k = (int) Math.floor(targetAt(round) * v.length);
        if (k == 0) {
            return;
        }
        float threshold = kthSmallestMagnitude(v, k);
        for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i]) <= threshold) {
                v[i] = 0f;
            }
        }
    }

    /**
     * The k-th smallest |v_i| (1 <= k <= d) in two passes of a 2^16-bin histogram: the bit pattern of
     * a non-negative float orders like the float, so its high half picks a bin and its low half the
     * value within it. O(d), no copy of v, the same result as sorting.
     */
    static float kthSmallestMagnitude(float[] v, int k) {
        int[] counts = new int[1 << 16];
        for (float value : v) {
            counts[(Float.floatToIntBits(Math.abs(value)) >>> 16)]++;
        }
        int high = 0;
        int below = 0;
        while (below + counts[high] < k) {
            below += counts[high++];
        }
        Arrays.fill(counts, 0);
        for (float value : v) {
            int bits = Float.floatToIntBits(Math.abs(value));
            if (bits >>> 16 == high) {
                counts[bits & 0xFFFF]++;
            }
        }
        int low = 0;
        while (below + counts[low] < k) {
            below += counts[low++];
        }
        return Float.intBitsToFloat(high << 16 | low);
    }
}
