package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/** Scaled sign (DESIGN.md 3.3): {@code z_k = sign(v_k)}, one level worth {@code ||v||_1 / n} over the n kept entries. */
final class SignQuantizer implements Quantizer {

    @Override
    public String spec() {
        return "sign";
    }

    @Override
    public boolean producesLevels() {
        return true;
    }

    @Override
    public int levels() {
        return 1;
    }

    @Override
    public Levels quantize(float[] vector, int[] kept, RandomGenerator random) {
        int d = vector.length;
        int n = kept == null ? d : kept.length;
        double sumAbs = 0;
        int[] z = new int[d];
        for (int j = 0; j < n; j++) {
            int i = kept == null ? j : kept[j];
            float v = vector[i];
            sumAbs += Math.abs(v);
            z[i] = v > 0 ? 1 : v < 0 ? -1 : 0;
        }
        float step = (float) (sumAbs / n);
        if (!Float.isFinite(step)) {
            throw new IllegalArgumentException("vector l1 norm " + sumAbs + " does not fit a float32 level step");
        }
        return new Levels(d, 1, step, z);
    }
}
