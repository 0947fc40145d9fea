package org.malcomedge.agent.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.testing.LossOnlyTrainer;

class SelfChecksTest {

    /** Sends the floats as they are, optionally with one random byte (a non-reproducible coder). */
    private record RawFloats(boolean addNoise) implements Compressor {
        @Override
        public String spec() {
            return "raw";
        }

        @Override
        public byte[] compress(float[] vector, RandomGenerator random) {
            ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length + 1);
            for (float value : vector) {
                bytes.putFloat(value);
            }
            bytes.put(addNoise ? (byte) System.nanoTime() : 0);
            return bytes.array();
        }

        @Override
        public float[] decompress(byte[] payload, int dimension) {
            ByteBuffer bytes = ByteBuffer.wrap(payload);
            float[] vector = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                vector[i] = bytes.getFloat();
            }
            return vector;
        }
    }

    /** loss = scale * ||theta - 1||^2 / 2, whatever the data: SGD brings it down unless scale is NaN. */
    private static final class Bowl extends LossOnlyTrainer {
        private final float scale;

        Bowl(float scale) {
            super(5, 3, 2, "bowl");
            this.scale = scale;
        }

        @Override
        public float lossAndGradient(float[] theta, float[] features, int[] labels, int rows, float[] gradient) {
            float loss = 0;
            for (int i = 0; i < theta.length; i++) {
                gradient[i] = scale * (theta[i] - 1);
                loss += scale * (theta[i] - 1) * (theta[i] - 1) / 2;
            }
            return loss;
        }
    }

    @Test
    void aReproducibleLosslessCodecPasses() throws Exception {
        SelfCheck.Outcome outcome = new CodecRoundTripCheck(new RawFloats(false), 1000, 4).run();
        assertEquals(SelfCheck.Status.PASS, outcome.status(), outcome.detail());
        assertTrue(outcome.detail().startsWith("raw, d=1000: 32.008 bits/param, relative error 0.000"), outcome.detail());
    }

    @Test
    void theAgentsCodecStatesItsErrorAgainstTheQuantizersBound() throws Exception {
        SelfCheck.Outcome outcome = new CodecRoundTripCheck(Compressors.parse("malcom:4"), 10_000, 4).run();
        assertEquals(SelfCheck.Status.PASS, outcome.status(), outcome.detail());
        // tau = 1 + min(10000/16, 100/4) = 26: sqrt(1 - 1/26) = 0.981
        assertTrue(outcome.detail().matches("none\\+qsgd:4\\+vsc, d=10000: 0\\.\\d+ bits/param, relative error 0\\.9\\d\\d, "
                + "within the bound 0\\.981 of qsgd:4 on 10000 entries \\(sqrt\\(1 - 1/tau\\), tau = 1 \\+ min\\(d/s\\^2, "
                + "sqrt\\(d\\)/s\\) = 26\\)"), outcome.detail());
        assertEquals(Math.sqrt(25.0 / 26), CodecRoundTripCheck.bound(10_000, 4), 1e-12);
    }

    @Test
    void aCodecWorseThanTheBoundFails() throws Exception {
        Compressor zeros = new Compressor() { // error 1: above any contractive bound
            @Override
            public String spec() {
                return "zeros";
            }

            @Override
            public byte[] compress(float[] vector, RandomGenerator random) {
                return new byte[1];
            }

            @Override
            public float[] decompress(byte[] payload, int dimension) {
                return new float[dimension];
            }
        };
        SelfCheck.Outcome outcome = new CodecRoundTripCheck(zeros, 10_000, 4).run();
        assertEquals(SelfCheck.Status.FAIL, outcome.status(), outcome.detail());
        assertTrue(outcome.detail().contains("relative error 1.000, ABOVE the bound 0.981"), outcome.detail());
    }

    @Test
    void aClockBeforeThisBuildFailsAndOneAfterItPassesSayingWhetherItIsSynchronized(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("synchronized");
        SelfCheck.Outcome unset = new ClockCheck(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Optional::empty, flag).run();
        assertEquals(SelfCheck.Status.FAIL, unset.status());
        assertTrue(unset.detail().startsWith("the clock says 1970-01-01T00:00:00Z, before 2026-12-01T00:00:00Z: not set yet"),
                unset.detail());
        Files.writeString(flag, "");
        Instant now = Instant.parse("2026-12-07T15:00:00Z");
        SelfCheck.Outcome set = new ClockCheck(Clock.fixed(now, ZoneOffset.UTC), Optional::empty, flag).run();
        assertEquals(SelfCheck.Status.PASS, set.status(), set.detail());
        assertEquals("2026-12-07T15:00:00Z, synchronized (systemd-timesyncd)", set.detail());
    }

    @Test
    void aConfigThatDoesNotLoadIsOneLineAndTheChecksThatNeedItSaySo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("device.yaml"), "id: n0\nexperiment: e\nbroker: {uri: 'mqtt://x'}\n"
                + "data: {source: digits}\ncolour: red\n");
        ConfigCheck config = new ConfigCheck(file);
        SelfCheck.Outcome outcome = config.run();
        assertEquals(SelfCheck.Status.FAIL, outcome.status());
        assertTrue(!outcome.detail().contains("\n") && outcome.detail().contains(file + ":3: broker.uri")
                && outcome.detail().contains(":5: colour"), outcome.detail());
        assertEquals("not checked: the config did not load", new BrokerCheck(config::config, Duration.ofSeconds(1)).run().detail());
        assertEquals("not checked: the config did not load", new DatasetCheck(config::config).run().detail());
    }

    @Test
    void aCodecThatIsNotReproducibleFails() throws Exception {
        SelfCheck.Outcome outcome = new CodecRoundTripCheck(new RawFloats(true), 1000, 4).run();
        // One noise byte: 1 in 256 runs it repeats by chance, so try a few times.
        for (int attempt = 0; attempt < 5 && outcome.status() == SelfCheck.Status.PASS; attempt++) {
            outcome = new CodecRoundTripCheck(new RawFloats(true), 1000, 4).run();
        }
        assertEquals(SelfCheck.Status.FAIL, outcome.status());
    }

    @Test
    void trainingPassesWhenTheLossGoesDownAndFailsOnNaN() {
        SelfCheck.Outcome good = new TrainingStepsCheck(() -> new Bowl(1f), 20).run();
        assertEquals(SelfCheck.Status.PASS, good.status(), good.detail());
        assertTrue(good.detail().startsWith("bowl, d=5: loss "), good.detail());
        SelfCheck.Outcome nan = new TrainingStepsCheck(() -> new Bowl(Float.NaN), 20).run();
        assertEquals(SelfCheck.Status.FAIL, nan.status());
        SelfCheck.Outcome flat = new TrainingStepsCheck(() -> new Bowl(0f), 20).run();
        assertEquals(SelfCheck.Status.FAIL, flat.status());
        assertTrue(flat.detail().endsWith("(the loss did not go down)"), flat.detail());
    }

    @Test
    void ortNativesLoadOnThisMachine() {
        SelfCheck.Outcome outcome = new OrtNativesCheck().run();
        assertEquals(SelfCheck.Status.PASS, outcome.status(), outcome.detail());
        assertTrue(outcome.detail().startsWith("ONNX Runtime 1.29.0 on linux-"), outcome.detail());
    }

    @Test
    void aThrowingCheckIsAFailureLineNotACrash() {
        SelfCheck throwing = new SelfCheck() {
            @Override
            public String name() {
                return "throws";
            }

            @Override
            public Outcome run() {
                throw new IllegalStateException("boom");
            }
        };
        StringWriter text = new StringWriter();
        Map<SelfCheck.Status, Integer> counts = Selftest.run(List.of(throwing, new PendingCheck("later", "not yet")),
                new PrintWriter(text));
        assertEquals(Map.of(SelfCheck.Status.PASS, 0, SelfCheck.Status.FAIL, 1, SelfCheck.Status.PENDING, 1), counts);
        String[] lines = text.toString().split("\n");
        assertTrue(lines[0].matches("FAIL +throws +\\d+ ms  java.lang.IllegalStateException: boom"), lines[0]);
        assertTrue(lines[1].matches("PENDING +later +\\d+ ms  not yet"), lines[1]);
    }
}
