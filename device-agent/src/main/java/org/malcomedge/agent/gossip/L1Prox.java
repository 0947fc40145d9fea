package org.malcomedge.agent.gossip;

/**
 * The l1 proximal operator of DESIGN.md section 2,
 * {@code prox_a(v)_k = sign(v_k) * max(|v_k| - a, 0)}, in place. Package-private stand-in until
 * the optimizer of {@code agent.train} is merged; it produces exact zeros, which is what makes
 * MALCOM's residuals sparse.
 */
final class L1Prox {

    private L1Prox() {
    }

    static void apply(float[] v, float a) {
        for (int k = 0; k < v.length; k++) {
            float magnitude = Math.abs(v[k]) - a;
            v[k] = magnitude > 0 ? Math.copySign(magnitude, v[k]) : 0f;
        }
    }
}
