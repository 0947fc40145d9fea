package org.malcomedge.coordinator.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.malcomedge.agent.codec.Coder;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.codec.CorruptFrameException;
import org.malcomedge.agent.codec.Levels;

/**
 * {@code bench codec} (DESIGN.md section 8): for each dimension, input sparsity and level count,
 * one set of QSGD levels, coded by every coder; size against the empirical-entropy bound and
 * median single-thread encode / decode speed of the coder stage (symbols to bytes and back).
 */
public final class CodecBenchmark {

    /** Side information every coder must send: the float32 level step (DESIGN.md 3.2 "+ header"). */
    static final int HEADER_BITS = 32;

    /** One table row / JSON object. */
    public record Row(
            String coder,
            int d,
            double sparsity,
            int s,
            @JsonProperty("zero_fraction") double zeroFraction,
            @JsonProperty("bits_per_param") double bitsPerParam,
            @JsonProperty("entropy_bound_bits") double entropyBoundBits,
            @JsonProperty("entropy_ratio") double entropyRatio,
            @JsonProperty("encode_mparams_s") double encodeMparamsS,
            @JsonProperty("decode_mparams_s") double decodeMparamsS) {
    }

    /** What to measure; {@link #full()} is the grid of the issue. */
    public record Grid(List<Integer> dimensions, List<Double> sparsities, List<Integer> levels, List<String> coders,
            int repeats, long seed) {

        public static final List<Integer> DIMENSIONS = List.of(10_000, 100_000, 1_000_000);
        public static final List<Double> SPARSITIES = List.of(0.0, 0.5, 0.9, 0.99);
        public static final List<Integer> LEVELS = List.of(1, 4, 16);
        public static final List<String> CODERS = List.of("vsc", "range", "elias", "deflate", "zstd");

        public static Grid full() {
            return new Grid(DIMENSIONS, SPARSITIES, LEVELS, CODERS, 7, 1);
        }
    }

    private CodecBenchmark() {
    }

    /**
     * Runs the grid, handing each row to {@code progress} as it is measured.
     *
     * @throws IllegalArgumentException naming an unknown coder
     */
    public static List<Row> run(Grid grid, Consumer<Row> progress) {
        List<Coder> coders = grid.coders().stream().map(Compressors::levelCoder).toList();
        warmUp(coders, grid.seed());
        List<Row> rows = new ArrayList<>();
        for (int d : grid.dimensions()) {
            for (double sparsity : grid.sparsities()) {
                for (int s : grid.levels()) {
                    Levels levels = levels(d, sparsity, s, grid.seed());
                    double bound = entropyBoundBits(levels);
                    double zeros = zeroFraction(levels);
                    for (Coder coder : coders) {
                        Row row = measure(coder, levels, sparsity, bound, zeros, grid.repeats());
                        rows.add(row);
                        progress.accept(row);
                    }
                }
            }
        }
        return rows;
    }

    /** QSGD levels (contractive form) of a Gaussian vector with a fraction {@code sparsity} of zeros. */
    public static Levels levels(int d, double sparsity, int s, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + d * 31L + s);
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = random.nextDouble() < sparsity ? 0f : (float) random.nextGaussian();
        }
        return (Levels) Compressors.quantizer("qsgd:" + s).quantize(v, null, random);
    }

    /** {@code d * H_emp(z) + 32}: the empirical-entropy bound of DESIGN.md 3.2 plus the level step. */
    public static double entropyBoundBits(Levels levels) {
        int s = levels.s();
        long[] counts = new long[2 * s + 1];
        for (int v : levels.z()) {
            counts[v + s]++;
        }
        double d = levels.dimension();
        double bits = 0;
        for (long n : counts) {
            if (n > 0) {
                bits -= n * (Math.log(n / d) / Math.log(2));
            }
        }
        return bits + HEADER_BITS;
    }

    private static double zeroFraction(Levels levels) {
        return Arrays.stream(levels.z()).filter(v -> v == 0).count() / (double) levels.dimension();
    }

    private static Row measure(Coder coder, Levels levels, double sparsity, double bound, double zeros, int repeats) {
        int d = levels.dimension();
        byte[] frame = coder.encode(levels);
        verify(coder, levels, frame);
        // batch small inputs so one timing covers about a million parameters
        int batch = Math.max(1, 1_000_000 / d);
        double[] encodeNanos = new double[repeats];
        double[] decodeNanos = new double[repeats];
        long sink = 0;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            for (int b = 0; b < batch; b++) {
                sink += coder.encode(levels).length;
            }
            encodeNanos[r] = (System.nanoTime() - start) / (double) batch;
            start = System.nanoTime();
            for (int b = 0; b < batch; b++) {
                sink += decode(coder, frame, d).z().length;
            }
            decodeNanos[r] = (System.nanoTime() - start) / (double) batch;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the timed work observable
        }
        double bits = frame.length * 8.0;
        return new Row(coder.spec(), d, sparsity, levels.s(), zeros, bits / d, bound, bits / bound,
                d / median(encodeNanos) * 1e3, d / median(decodeNanos) * 1e3);
    }

    private static void verify(Coder coder, Levels levels, byte[] frame) {
        if (!levels.equals(decode(coder, frame, levels.dimension()))) {
            throw new IllegalStateException(coder.spec() + " does not round-trip");
        }
    }

    private static Levels decode(Coder coder, byte[] frame, int d) {
        try {
            return (Levels) coder.decode(frame, d);
        } catch (CorruptFrameException e) {
            throw new IllegalStateException(coder.spec() + " cannot decode its own frame: " + e.getMessage(), e);
        }
    }

    /** Lets the JIT compile every coder before anything is timed. */
    private static void warmUp(List<Coder> coders, long seed) {
        Levels sample = levels(100_000, 0.9, 4, seed + 7);
        for (Coder coder : coders) {
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                decode(coder, coder.encode(sample), sample.dimension());
            }
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
