package org.malcomedge.agent.selftest;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.Compressors;

/**
 * A compressor encodes and decodes on this platform, and does so reproducibly: the same vector
 * and seed give the same bytes, and the bytes decode to the same vector every time. Neighbours on
 * different CPUs must agree on {@code xhat} bit for bit (DESIGN.md section 3). Its error is stated
 * against the quantizer's bound: the contractive s-level QSGD of d entries (DESIGN.md 3.1) has
 * {@code E||C(x) - x||^2 <= (1 - 1/tau) ||x||^2}, {@code tau = 1 + min(d/s^2, sqrt(d)/s)}, so the
 * relative error {@code ||C(x) - x|| / ||x||} is at most {@code sqrt(1 - 1/tau)} in expectation; on
 * 10,000 entries one draw is that close to its expectation that above the bound means a broken quantizer.
 */
public final class CodecRoundTripCheck implements SelfCheck {

    private static final long SEED = 20261123L;

    private final Compressor compressor;
    private final int dimension;
    private final int levels;

    /** @param levels s of the compressor's contractive QSGD quantizer, which keeps every entry */
    public CodecRoundTripCheck(Compressor compressor, int dimension, int levels) {
        this.compressor = compressor;
        this.dimension = dimension;
        this.levels = levels;
    }

    /** The bound on the relative error's expectation (above). */
    static double bound(int dimension, int levels) {
        double tau = 1 + Compressors.qsgdVarianceFactor(dimension, levels);
        return Math.sqrt(1 - 1 / tau);
    }

    @Override
    public String name() {
        return "codec round trip";
    }

    @Override
    public Outcome run() throws Exception {
        float[] vector = new float[dimension];
        SplittableRandom values = new SplittableRandom(SEED);
        for (int i = 0; i < dimension; i++) {
            // A sparse-ish residual: most entries small, a few large, like a model update.
            vector[i] = (float) (values.nextGaussian() * (values.nextInt(10) == 0 ? 1.0 : 0.01));
        }
        byte[] payload = compressor.compress(vector, new SplittableRandom(SEED + 1));
        byte[] again = compressor.compress(vector, new SplittableRandom(SEED + 1));
        if (!Arrays.equals(payload, again)) {
            return Outcome.fail(compressor.spec() + ": the same vector and seed gave different payloads");
        }
        float[] decoded = compressor.decompress(payload, dimension);
        if (decoded.length != dimension) {
            return Outcome.fail(compressor.spec() + ": decoded " + decoded.length + " entries, expected " + dimension);
        }
        if (!Arrays.equals(decoded, compressor.decompress(payload, dimension))) {
            return Outcome.fail(compressor.spec() + ": the same payload decoded to different vectors");
        }
        double error = 0;
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            if (!Float.isFinite(decoded[i])) {
                return Outcome.fail(compressor.spec() + ": entry " + i + " decoded to " + decoded[i]);
            }
            error += (decoded[i] - vector[i]) * (double) (decoded[i] - vector[i]);
            norm += vector[i] * (double) vector[i];
        }
        double relative = Math.sqrt(error / norm);
        double bound = bound(dimension, levels);
        String line = String.format(java.util.Locale.ROOT, "%s, d=%d: %.3f bits/param, relative error %.3f, "
                + "within the bound %.3f of qsgd:%d on %d entries (sqrt(1 - 1/tau), tau = 1 + min(d/s^2, sqrt(d)/s) = %.0f)",
                compressor.spec(), dimension, 8.0 * payload.length / dimension, relative, bound, levels, dimension,
                1 + Compressors.qsgdVarianceFactor(dimension, levels));
        return relative <= bound ? Outcome.pass(line) : Outcome.fail(line.replace(", within the bound", ", ABOVE the bound"));
    }
}
