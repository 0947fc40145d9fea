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
        TensorLayout layout = randomLayout(d, random);
        float[] steps = new float[layout.segments()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = (float) random.nextDouble();
        }
        return new Levels(s, layout, steps, z);
    }

    /** One segment half of the time, else up to 8 of random lengths. */
    static TensorLayout randomLayout(int d, SplittableRandom random) {
        int segments = random.nextBoolean() ? 1 : 1 + random.nextInt(Math.min(d, 8));
        int[] cuts = random.ints(segments - 1, 1, Math.max(2, d)).distinct().sorted().toArray();
        int[] lengths = new int[cuts.length + 1];
        int previous = 0;
        for (int i = 0; i < cuts.length; i++) {
            lengths[i] = cuts[i] - previous;
            previous = cuts[i];
        }
        lengths[cuts.length] = d - previous;
        return TensorLayout.of(lengths);
    }

    static float[] sparseGaussian(int d, double sparsity, long seed) {
        return CodecInputs.sparseGaussian(d, sparsity, seed);
    }
}
