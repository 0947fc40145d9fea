package org.malcomedge.agent.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RoundTripProperties {

    @Provide
    Arbitrary<Integer> dimensions() {
        return Arbitraries.oneOf(Arbitraries.of(1, 2, 3, 7, 8, 64), Arbitraries.integers().between(1, 5000));
    }

    @Provide
    Arbitrary<Integer> levelCounts() {
        return Arbitraries.oneOf(Arbitraries.of(1, 255), Arbitraries.integers().between(1, 255));
    }

    @Provide
    Arbitrary<Double> densities() {
        return Arbitraries.oneOf(Arbitraries.of(0.0, 1.0, 0.001, 0.01, 0.1), Arbitraries.doubles().between(0, 1));
    }

    @Property(tries = 300)
    void everyLevelCoderReturnsTheExactLevels(@ForAll("dimensions") int d, @ForAll("levelCounts") int s,
            @ForAll("densities") double density, @ForAll @LongRange(min = 0, max = 1 << 20) long seed) throws Exception {
        Levels levels = CodecFixtures.randomLevels(d, s, density, seed);
        for (Coder coder : CodecFixtures.levelCoders()) {
            byte[] frame = coder.encode(levels);
            assertEquals(levels, coder.decode(frame, d), coder.spec());
        }
    }

    @Property(tries = 200)
    void rawFloatCoderReturnsTheExactValues(@ForAll("dimensions") int d, @ForAll("densities") double density,
            @ForAll @LongRange(min = 0, max = 1 << 20) long seed) throws Exception {
        float[] v = CodecFixtures.sparseGaussian(d, 0.5, seed);
        RawFloatCoder coder = new RawFloatCoder();
        Floats dense = new Floats(d, null, v);
        assertEquals(dense, coder.decode(coder.encode(dense), d));
        int[] kept = new TopKSparsifier(Math.max(density, 1e-6)).select(v, new SplittableRandom(seed));
        Floats sparse = new Float32Quantizer().quantize(v, kept, null, null);
        assertEquals(sparse, coder.decode(coder.encode(sparse), d));
    }

    /** Every valid stage combination: the receiver gets exactly the sender's dequantized symbols. */
    @Property(tries = 40)
    void everyPipelineDecodesToItsOwnSymbols(@ForAll("dimensions") int d, @ForAll("densities") double zeros,
            @ForAll @IntRange(min = 0, max = 2) int levelChoice, @ForAll @LongRange(min = 0, max = 1 << 20) long seed)
            throws Exception {
        int s = new int[] {1, 4, 255}[levelChoice];
        float[] v = CodecFixtures.sparseGaussian(d, zeros, seed);
        for (String spec : allSpecs(s)) {
            Pipeline pipeline = (Pipeline) Compressors.parse(spec);
            Symbols expected = pipeline.symbols(v, new SplittableRandom(seed));
            byte[] frame = pipeline.compress(v, new SplittableRandom(seed));
            assertArrayEquals(expected.toVector(), pipeline.decompress(frame, d), spec);
        }
    }

    static List<String> allSpecs(int s) {
        List<String> specs = new ArrayList<>();
        for (String sparsifier : List.of("none", "topk:0.1", "randk:0.3")) {
            specs.add(sparsifier + "+f32+raw");
            for (String quantizer : List.of("qsgd:" + s, "qsgd:" + s + ":unscaled", "sign")) {
                for (String coder : Arrays.asList("vsc", "range", "elias", "raw", "deflate", "zstd:3")) {
                    specs.add(sparsifier + "+" + quantizer + "+" + coder);
                }
            }
        }
        return specs;
    }
}
