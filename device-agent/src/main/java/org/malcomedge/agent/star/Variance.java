package org.malcomedge.agent.star;

import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.Compressors;

/**
 * The variance factor omega of an unbiased compressor, {@code E||C(x) - x||^2 <= omega ||x||^2},
 * and MCM's memory rate {@code alpha = 1 / (2 (omega + 1))}.
 */
public final class Variance {

    private Variance() {
    }

    /**
     * omega for vectors of {@code dimension} entries: 0 for lossless float32 ({@code none+f32+raw}),
     * {@code min(d/s^2, sqrt(d)/s)} for {@code qsgd:S:unscaled} with any coder (DESIGN.md 3.1; the
     * whole vector is quantized as one tensor). Coders are lossless, so only the quantizer counts.
     *
     * @throws IllegalArgumentException for a compressor that is biased (contractive qsgd, sign,
     *                                  top-k, unscaled rand-k) or whose omega is not known
     */
    public static double omega(Compressor compressor, int dimension) {
        String[] stages = compressor.spec().split("\\+");
        if (stages.length != 3) {
            throw biased(compressor, "not a SPARSIFIER+QUANTIZER+CODER pipeline, its variance is unknown");
        }
        String sparsifier = stages[0];
        String quantizer = stages[1];
        if (!sparsifier.equals("none")) {
            throw biased(compressor, "sparsifier " + sparsifier + " is biased");
        }
        if (quantizer.equals("f32")) {
            return 0;
        }
        String[] fields = quantizer.split(":");
        if (fields[0].equals("qsgd") && fields.length == 3 && fields[2].equals("unscaled")) {
            return Compressors.qsgdVarianceFactor(dimension, Integer.parseInt(fields[1]));
        }
        throw biased(compressor, "quantizer " + quantizer + " is biased; use qsgd:S:unscaled");
    }

    /** {@code alpha = 1 / (2 (omega + 1))}: 1/2 for a lossless compressor. */
    public static double alpha(double omega) {
        if (!(omega >= 0) || Double.isInfinite(omega)) {
            throw new IllegalArgumentException("omega must be finite and >= 0, got " + omega);
        }
        return 1 / (2 * (omega + 1));
    }

    private static IllegalArgumentException biased(Compressor compressor, String why) {
        return new IllegalArgumentException("compressor " + compressor.spec() + " cannot serve MCM: " + why);
    }
}
