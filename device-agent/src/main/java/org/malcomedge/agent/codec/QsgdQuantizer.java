package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/**
 * Dithered s-level quantizer (DESIGN.md 3.1), one norm per segment (tensor) of the layout, or
 * one for the whole vector ({@code qsgd:S:whole}): for the kept entries v of segment i,
 * {@code l_k = floor(s |v_k| / ||v||_2 + u_k)}, {@code z_k = sign(v_k) l_k}, one level worth
 * {@code ||v||_2 / (s tau)} with {@code tau = 1 + min(n/s^2, sqrt(n)/s)} (n entries of the segment
 * quantized) in the contractive form, {@code tau = 1} unscaled.
 */
final class QsgdQuantizer implements Quantizer {

    private final int s;
    private final boolean contractive;
    private final boolean wholeVector;

    QsgdQuantizer(int s, boolean contractive, boolean wholeVector) {
        this.s = s;
        this.contractive = contractive;
        this.wholeVector = wholeVector;
    }

    @Override
    public String spec() {
        return "qsgd:" + s + (contractive ? "" : ":unscaled") + (wholeVector ? ":whole" : "");
    }

    @Override
    public boolean producesLevels() {
        return true;
    }

    @Override
    public int levels() {
        return s;
    }

    /** The variance factor {@code min(n/s^2, sqrt(n)/s)} of DESIGN.md 3.1. */
    static double varianceFactor(int n, int s) {
        return Math.min((double) n / ((double) s * s), Math.sqrt(n) / s);
    }

    @Override
    public Levels quantize(float[] vector, int[] kept, TensorLayout layout, RandomGenerator random) {
        Segmented segmented = Segmented.of(vector, kept, wholeVector ? TensorLayout.whole(vector.length) : layout);
        double[] sumSquares = new double[segmented.segments()];
        segmented.forEachKept((i, segment) -> sumSquares[segment] += (double) vector[i] * vector[i]);
        float[] steps = new float[sumSquares.length];
        double[] scales = new double[sumSquares.length];
        for (int segment = 0; segment < steps.length; segment++) {
            double norm = Math.sqrt(sumSquares[segment]);
            double tau = contractive ? 1 + varianceFactor(segmented.kept(segment), s) : 1;
            steps[segment] = (float) (norm / (s * tau));
            if (!Float.isFinite(steps[segment])) {
                throw new IllegalArgumentException("vector norm " + norm + " does not fit a float32 level step");
            }
            scales[segment] = norm == 0 ? 0 : s / norm;
        }
        int[] z = new int[vector.length];
        segmented.forEachKept((i, segment) -> {
            float v = vector[i];
            if (v != 0) { // level 0 whatever the dither, and no draw: sparse models are mostly zeros
                int level = Math.min(s, (int) (Math.abs(v) * scales[segment] + random.nextDouble())); // floor: >= 0
                z[i] = v < 0 ? -level : level;
            }
        });
        return new Levels(s, segmented.layout(), steps, z);
    }
}
