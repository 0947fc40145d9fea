package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/**
 * Dithered s-level quantizer (DESIGN.md 3.1) over the kept entries as one tensor:
 * {@code l_k = floor(s |v_k| / ||v||_2 + u_k)}, {@code z_k = sign(v_k) l_k}, one level worth
 * {@code ||v||_2 / (s tau)} with {@code tau = 1 + min(n/s^2, sqrt(n)/s)} (n entries quantized) in
 * the contractive form, {@code tau = 1} unscaled.
 */
final class QsgdQuantizer implements Quantizer {

    private final int s;
    private final boolean contractive;

    QsgdQuantizer(int s, boolean contractive) {
        this.s = s;
        this.contractive = contractive;
    }

    @Override
    public String spec() {
        return "qsgd:" + s + (contractive ? "" : ":unscaled");
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
    public Levels quantize(float[] vector, int[] kept, RandomGenerator random) {
        int d = vector.length;
        int n = kept == null ? d : kept.length;
        double sumSquares = 0;
        for (int j = 0; j < n; j++) {
            double v = vector[kept == null ? j : kept[j]];
            sumSquares += v * v;
        }
        double norm = Math.sqrt(sumSquares);
        double tau = contractive ? 1 + varianceFactor(n, s) : 1;
        float step = (float) (norm / (s * tau));
        if (!Float.isFinite(step)) {
            throw new IllegalArgumentException("vector norm " + norm + " does not fit a float32 level step");
        }
        int[] z = new int[d];
        if (norm == 0) {
            return new Levels(d, s, step, z);
        }
        double scale = s / norm;
        for (int j = 0; j < n; j++) {
            int i = kept == null ? j : kept[j];
            float v = vector[i];
            int level = (int) Math.min(s, Math.floor(Math.abs(v) * scale + random.nextDouble()));
            z[i] = v < 0 ? -level : level;
        }
        return new Levels(d, s, step, z);
    }
}
