package org.malcomedge.agent.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One QSGD norm per tensor (DESIGN.md 3.1, per layer) and the segment table of format 2. */
class PerTensorQuantizationTest {

    /** 300 weights of scale 0.01 and a bias of 10 entries of scale 1, as a residual often looks. */
    private static final TensorLayout LAYOUT = TensorLayout.of(300, 10);

    private static float[] residual(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[310];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * (i < 300 ? 0.01 : 1));
        }
        return v;
    }

    @Test
    void eachSegmentHasTheStepOfItsOwnNorm() {
        float[] v = residual(1);
        int s = 4;
        Levels levels = new QsgdQuantizer(s, true, false).quantize(v, null, LAYOUT, new SplittableRandom(2));
        assertEquals(LAYOUT, levels.layout());
        for (int segment = 0; segment < 2; segment++) {
            double sum = 0;
            for (int i = LAYOUT.start(segment); i < LAYOUT.end(segment); i++) {
                sum += (double) v[i] * v[i];
            }
            int n = LAYOUT.length(segment);
            double tau = 1 + QsgdQuantizer.varianceFactor(n, s);
            assertEquals((float) (Math.sqrt(sum) / (s * tau)), levels.steps()[segment]);
        }
    }

    @Test
    void smallWeightsBesideALargeBiasKeepTheirInformation() {
        double perTensor = 0;
        double whole = 0;
        for (long seed = 0; seed < 20; seed++) {
            float[] v = residual(seed);
            perTensor += weightError(v, new QsgdQuantizer(4, true, false), LAYOUT, seed);
            whole += weightError(v, new QsgdQuantizer(4, true, false), TensorLayout.whole(310), seed);
        }
        // on the whole vector's scale almost every weight rounds to level 0: the error is ||w||^2
        double perTensorError = perTensor;
        double wholeError = whole;
        assertTrue(perTensorError < 0.6 * wholeError,
                () -> "weights' squared error per tensor " + perTensorError + ", whole vector " + wholeError);
    }

    private static double weightError(float[] v, Quantizer quantizer, TensorLayout layout, long seed) {
        float[] q = quantizer.quantize(v, null, layout, new SplittableRandom(seed)).toVector();
        double error = 0;
        for (int i = 0; i < 300; i++) {
            error += Math.pow(q[i] - (double) v[i], 2);
        }
        return error;
    }

    @ParameterizedTest
    @ValueSource(strings = {"malcom:4", "qsgd:16", "qsgd:8+range", "topk:0.1+qsgd:4+vsc", "sign+raw", "randk:0.5+sign+zstd"})
    void aReceiverDecodesPerTensorFramesWithoutKnowingTheLayout(String spec) throws Exception {
        Compressor sender = Compressors.parse(spec).forLayout(LAYOUT);
        Compressor receiver = Compressors.parse(spec);
        float[] v = residual(3);
        Symbols symbols = ((Pipeline) sender).symbols(v, new SplittableRandom(4));
        byte[] frame = sender.compress(v, new SplittableRandom(4));
        assertArrayEquals(symbols.toVector(), receiver.decompress(frame, v.length));
        assertEquals(2, ((Levels) symbols).steps().length);
    }

    @Test
    void wholeAsksForOneNormWhateverTheLayout() throws Exception {
        Compressor whole = Compressors.parse("qsgd:4:whole").forLayout(LAYOUT);
        assertEquals("none+qsgd:4:whole+elias", whole.spec());
        assertEquals(1, ((Levels) ((Pipeline) whole).symbols(residual(5), new SplittableRandom(6))).steps().length);
        assertEquals("none+qsgd:16:unscaled:whole+vsc", Compressors.parse("malcom:16:unscaled:whole").spec());
    }

    @Test
    void aVectorThatDoesNotFitTheLayoutIsRefused() {
        Compressor compressor = Compressors.parse("malcom:4").forLayout(LAYOUT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> compressor.compress(new float[309], new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("laid out for 310 entries"), e.getMessage());
    }

    @Test
    void segmentsOfNoKeptEntryHaveStepZero() {
        float[] v = residual(7);
        int[] kept = {300, 305}; // top-k kept only bias entries
        Levels levels = new QsgdQuantizer(2, true, false).quantize(v, kept, LAYOUT, new SplittableRandom(8));
        assertEquals(0f, levels.steps()[0]);
        assertTrue(levels.steps()[1] > 0);
    }

    /** Hand-made format 2 frames whose segment table contradicts d: corrupt, before allocating. */
    @ParameterizedTest
    @ValueSource(strings = {
        "24 02 AF 00", // the segment count reads as omega 60, above d = 10
        "24 02 94 1F 80 00 00 1F 40", // two segments, too few bits left for their two steps
        "24 02 9D 00 00 00 00 00 00 00 00 00", // two segments, the first of 10 entries leaves the second empty
    })
    void segmentTablesThatContradictTheDimensionAreCorrupt(String hex) {
        byte[] frame = HexFormat.ofDelimiter(" ").parseHex(hex);
        assertThrows(CorruptFrameException.class, () -> new EliasCoder().decode(frame, 10));
    }

    @Test
    void theLayoutFindsTheSegmentOfAPosition() {
        TensorLayout layout = TensorLayout.of(3, 1, 5);
        assertEquals(9, layout.dimension());
        int[] expected = {0, 0, 0, 1, 2, 2, 2, 2, 2};
        for (int i = 0; i < 9; i++) {
            assertEquals(expected[i], layout.segmentOf(i), "position " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> TensorLayout.of(3, 0));
        assertThrows(IllegalArgumentException.class, TensorLayout::of);
    }
}
