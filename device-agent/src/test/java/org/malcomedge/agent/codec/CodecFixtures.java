package org.malcomedge.agent.codec;

import java.util.List;
import java.util.SplittableRandom;

/** Shared test inputs: random sparse level vectors and the coders under test. */
final class CodecFixtures {

    private CodecFixtures() {
    }

    static List<Coder> levelCoders() {
        return List.of(new VscCoder(), new RangeCoder(), new EliasCoder(), new RawLevelCoder(),
                new DeflateCoder(DeflateCoder.DEFAULT_LEVEL), new ZstdCoder(3));
    }

    /** Levels with about {@code density} of the entries nonzero, magnitudes skewed towards 1. */
    static Levels randomLevels(int d, int s, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] z = new int[d];
        for (int i = 0; i < d; i++) {
            if (random.nextDouble() < density) {
                int magnitude = 1 + (int) Math.min(s - 1, Math.abs(random.nextGaussian()) * Math.max(1, s / 4.0));
                z[i] = random.nextBoolean() ? magnitude : -magnitude;
            }
        }
        return new Levels(d, s, (float) random.nextDouble(), z);
    }

    /** A Gaussian vector with a fraction {@code sparsity} of exact zeros at random positions. */
    static float[] sparseGaussian(int d, double sparsity, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = random.nextDouble() < sparsity ? 0f : (float) random.nextGaussian();
        }
        return v;
    }
}
