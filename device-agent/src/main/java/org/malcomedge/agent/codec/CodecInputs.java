package org.malcomedge.agent.codec;

import java.util.SplittableRandom;

/** Synthetic inputs shared by the codec benchmarks (bench codec, JMH) and tests. */
public final class CodecInputs {

    private CodecInputs() {
    }

    /** A standard Gaussian vector with a fraction {@code sparsity} of exact zeros at random positions. */
    public static float[] sparseGaussian(int d, double sparsity, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = random.nextDouble() < sparsity ? 0f : (float) random.nextGaussian();
        }
        return v;
    }

    /** The levels {@code qsgd:S} (contractive form) makes of {@link #sparseGaussian}. */
    public static Levels qsgdLevels(int d, double sparsity, int s, long seed) {
        float[] v = sparseGaussian(d, sparsity, seed);
        return new QsgdQuantizer(s, true, false).quantize(v, null, TensorLayout.whole(d), new SplittableRandom(seed + 1));
    }
}
