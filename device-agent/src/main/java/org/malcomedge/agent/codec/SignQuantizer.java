package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/**
 * Scaled sign (DESIGN.md 3.3): {@code z_k = sign(v_k)}, one level worth {@code ||v||_1 / n} over
 * the n kept entries of each segment of the layout.
 */
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
    public Levels quantize(float[] vector, int[] kept, TensorLayout layout, RandomGenerator random) {
        Segmented segmented = Segmented.of(vector, kept, layout);
        double[] sumAbs = new double[segmented.segments()];
        int[] z = new int[vector.length];
        segmented.forEachKept((i, segment) -> {
            float v = vector[i];
            sumAbs[segment] += Math.abs(v);
            z[i] = v > 0 ? 1 : v < 0 ? -1 : 0;
        });
        float[] steps = new float[sumAbs.length];
        for (int segment = 0; segment < steps.length; segment++) {
            int n = segmented.kept(segment);
            steps[segment] = n == 0 ? 0 : (float) (sumAbs[segment] / n);
            if (!Float.isFinite(steps[segment])) {
                throw new IllegalArgumentException("vector l1 norm " + sumAbs[segment] + " does not fit a float32 level step");
            }
        }
        return new Levels(1, segmented.layout(), steps, z);
    }
}
