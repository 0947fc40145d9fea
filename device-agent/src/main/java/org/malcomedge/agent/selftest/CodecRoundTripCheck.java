package org.malcomedge.agent.selftest;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.malcomedge.agent.codec.Compressor;

/**
 * A compressor encodes and decodes on this platform, and does so reproducibly: the same vector
 * and seed give the same bytes, and the bytes decode to the same vector every time. Neighbours on
 * different CPUs must agree on {@code xhat} bit for bit (DESIGN.md section 3).
 */
public final class CodecRoundTripCheck implements SelfCheck {

    private static final long SEED = 20261123L;

    private final Compressor compressor;
    private final int dimension;

    public CodecRoundTripCheck(Compressor compressor, int dimension) {
        this.compressor = compressor;
        this.dimension = dimension;
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
        return Outcome.pass(String.format(java.util.Locale.ROOT, "%s, d=%d: %.3f bits/param, relative error %.3f",
                compressor.spec(), dimension, 8.0 * payload.length / dimension, Math.sqrt(error / norm)));
    }
}
