package org.malcomedge.agent.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoders are total: mutated frames (bit flips, byte edits, truncation, extension, splices, random
 * bytes) decode to exactly the declared dimension or throw CorruptFrameException, nothing else.
 * 10^4 frames per coder here; {@code mvn -Pfuzz} runs {@code codec.fuzz.frames} = 10^6.
 */
class MutatedFrameTest {

    static final int FRAMES = Integer.getInteger("codec.fuzz.frames", 10_000);

    static Stream<Coder> coders() {
        List<Coder> coders = new ArrayList<>(CodecFixtures.levelCoders());
        coders.add(new RawFloatCoder());
        return coders.stream();
    }

    @ParameterizedTest
    @MethodSource("coders")
    void mutatedFramesDecodeOrAreCorrupt(Coder coder) {
        SplittableRandom random = new SplittableRandom(coder.spec().hashCode());
        List<byte[]> seeds = new ArrayList<>();
        List<Integer> dimensions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int d = new int[] {1, 2, 7, 64, 300, 2000}[i % 6];
            int s = new int[] {1, 2, 16, 255}[i % 4];
            double density = new double[] {0, 0.01, 0.2, 1}[(i / 4) % 4];
            Symbols symbols = coder.codesLevels() ? CodecFixtures.randomLevels(d, s, density, i)
                    : floats(d, density, i);
            seeds.add(coder.encode(symbols));
            dimensions.add(d);
        }
        int accepted = 0;
        for (int n = 0; n < FRAMES; n++) {
            int pick = random.nextInt(seeds.size());
            byte[] frame = mutate(seeds.get(pick), seeds.get(random.nextInt(seeds.size())), random);
            // mostly the frame's own dimension, sometimes another one
            int d = random.nextInt(8) == 0 ? 1 + random.nextInt(3000) : dimensions.get(pick);
            try {
                Symbols decoded = coder.decode(frame, d);
                assertEquals(d, decoded.dimension());
                assertEquals(d, decoded.toVector().length);
                accepted++;
            } catch (CorruptFrameException expected) {
                // the one allowed failure
            } catch (RuntimeException | Error e) {
                fail(coder.spec() + " threw " + e + " on " + Arrays.toString(frame) + " with d=" + d, e);
            }
        }
        System.out.printf("%s: %d mutated frames, %d decoded, %d corrupt%n", coder.spec(), FRAMES, accepted, FRAMES - accepted);
    }

    /** A few bytes declaring a huge list are rejected before anything of that size is allocated. */
    @org.junit.jupiter.api.Test
    void countsBeyondTheFrameAreRejectedBeforeAllocating() {
        int d = 1 << 30;
        byte[] rawFloats = {0x10, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE};
        org.junit.jupiter.api.Assertions.assertThrows(CorruptFrameException.class, () -> new RawFloatCoder().decode(rawFloats, d));
    }

    private static Floats floats(int d, double density, long seed) {
        float[] v = CodecFixtures.sparseGaussian(d, 0.3, seed);
        return density == 1 ? new Floats(d, null, v)
                : new Float32Quantizer().quantize(v, new TopKSparsifier(Math.max(density, 0.001)).select(v, null), null, null);
    }

    static byte[] mutate(byte[] frame, byte[] other, SplittableRandom random) {
        byte[] out = frame.clone();
        switch (random.nextInt(7)) {
            case 0 -> { // flip 1..3 bits
                for (int i = 1 + random.nextInt(3); i > 0 && out.length > 0; i--) {
                    int bit = random.nextInt(out.length * 8);
                    out[bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
            case 1 -> { // overwrite a byte
                if (out.length > 0) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1)); // truncate
            case 3 -> { // append random bytes
                out = Arrays.copyOf(out, out.length + 1 + random.nextInt(8));
                for (int i = frame.length; i < out.length; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
            }
            case 4 -> { // splice: head of one frame, tail of another
                int cut = random.nextInt(out.length + 1);
                int from = random.nextInt(other.length + 1);
                byte[] spliced = Arrays.copyOf(out, cut + other.length - from);
                System.arraycopy(other, from, spliced, cut, other.length - from);
                out = spliced;
            }
            case 5 -> { // random bytes after a valid first byte
                out = new byte[random.nextInt(64)];
                random.nextBytes(out);
                if (out.length > 0) {
                    out[0] = frame[0];
                }
            }
            default -> { // scramble the body, keep the header
                for (int i = Math.min(6, out.length); i < out.length; i++) {
                    if (random.nextInt(4) == 0) {
                        out[i] = (byte) random.nextInt(256);
                    }
                }
            }
        }
        return out;
    }
}
