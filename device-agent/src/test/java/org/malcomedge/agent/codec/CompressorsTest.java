package org.malcomedge.agent.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressorsTest {

    @ParameterizedTest
    @CsvSource({
        "dense, none+f32+raw",
        "malcom:2, none+qsgd:2+vsc",
        "qsgd:4, none+qsgd:4+elias",
        "qsgd:4:unscaled, none+qsgd:4:unscaled+elias",
        "topk:0.01, topk:0.01+f32+raw",
        "topk:0.005+f32, topk:0.005+f32+raw",
        "topk:0.01+qsgd:4+range, topk:0.01+qsgd:4+range",
        "randk:1e-3+sign+vsc, randk:0.001+sign+vsc",
        "sign, none+sign+raw",
        "qsgd:16+deflate, none+qsgd:16+deflate",
        "qsgd:16+zstd:3, none+qsgd:16+zstd:3",
        "none+qsgd:255+raw, none+qsgd:255+raw",
    })
    void specsHaveOneCanonicalForm(String spec, String canonical) {
        assertEquals(canonical, Compressors.parse(spec).spec());
        assertEquals(canonical, Compressors.parse(canonical).spec());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo| 'foo': unknown stage",
        "topk:2| 'topk:2': the kept fraction F must be a number in (0, 1]",
        "topk| 'topk': expected topk:F",
        "qsgd:0| 'qsgd:0': the level count S must be an integer in 1..255",
        "qsgd:256+vsc| 'qsgd:256': the level count S",
        "qsgd:4:biased| 'qsgd:4:biased': expected f32, sign or qsgd:S[:unscaled]",
        "f32+vsc| 'vsc': coder vsc codes integer levels but quantizer f32 gives float32 values",
        "topk:0.1+range| 'range': coder range codes integer levels",
        "vsc+qsgd:4| 'qsgd:4': stages go SPARSIFIER+QUANTIZER+CODER",
        "qsgd:4+sign| 'sign': stages go",
        "qsgd:4+deflate:10| 'deflate:10': the deflate level must be an integer in 0..9",
        "qsgd:4+vsc:2| 'vsc:2': coder vsc takes no parameter",
        "qsgd:4++vsc| '': unknown stage",
    })
    void badSpecsNameTheBadPart(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compressors.parse(spec));
        assertTrue(e.getMessage().startsWith("compressor spec '" + spec + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(message.strip()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void emptySpecIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Compressors.parse(" "));
    }

    @Test
    void nonFiniteInputNamesTheIndex() {
        Compressor compressor = Compressors.parse("malcom:4");
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> compressor.compress(new float[] {1, 2, Float.NaN}, new SplittableRandom(1)));
        assertTrue(nan.getMessage().contains("vector[2] is NaN"), nan.getMessage());
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> Compressors.parse("dense").compress(new float[] {Float.NEGATIVE_INFINITY}, new SplittableRandom(1)));
        assertTrue(inf.getMessage().contains("vector[0] is -Infinity"), inf.getMessage());
    }

    @Test
    void framesOfAnotherCompressorAreCorrupt() throws Exception {
        float[] v = CodecFixtures.sparseGaussian(100, 0.5, 1);
        byte[] vsc = Compressors.parse("malcom:4").compress(v, new SplittableRandom(1));
        assertThrows(CorruptFrameException.class, () -> Compressors.parse("qsgd:4").decompress(vsc, 100));
        assertThrows(CorruptFrameException.class, () -> Compressors.parse("malcom:2").decompress(vsc, 100));
        assertThrows(CorruptFrameException.class, () -> Compressors.parse("malcom:4").decompress(null, 100));
        assertEquals(100, Compressors.parse("malcom:4").decompress(vsc, 100).length);
    }

    @Test
    void sameSeedSameFrame() {
        float[] v = CodecFixtures.sparseGaussian(1000, 0.5, 2);
        Compressor compressor = Compressors.parse("randk:0.1+qsgd:4+range");
        assertArrayEquals(compressor.compress(v, new SplittableRandom(7)), compressor.compress(v, new SplittableRandom(7)));
    }

    @Test
    void topKAsPublishedCostsIndexPlusFloat() {
        float[] v = CodecFixtures.sparseGaussian(1024, 0, 3);
        byte[] frame = Compressors.parse("topk:0.01").compress(v, new SplittableRandom(1));
        int k = 10; // round(0.01 * 1024)
        assertEquals((2 * 8 + 11 + k * (10 + 32) + 7) / 8, frame.length);
    }
}
