package org.malcomedge.agent.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.train.Trainer;

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
    private record Bowl(float scale) implements Trainer {
        @Override
        public int dimension() {
            return 5;
        }

        @Override
        public int inputs() {
            return 3;
        }

        @Override
        public int classes() {
            return 2;
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

        @Override
        public int[] predict(float[] theta, float[] features, int rows) {
            return new int[rows];
        }

        @Override
        public String backend() {
            return "bowl";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aReproducibleLosslessCodecPasses() throws Exception {
        SelfCheck.Outcome outcome = new CodecRoundTripCheck(new RawFloats(false), 1000).run();
        assertEquals(SelfCheck.Status.PASS, outcome.status(), outcome.detail());
        assertTrue(outcome.detail().startsWith("raw, d=1000: 32.008 bits/param, relative error 0.000"), outcome.detail());
    }

    @Test
    void aCodecThatIsNotReproducibleFails() throws Exception {
        SelfCheck.Outcome outcome = new CodecRoundTripCheck(new RawFloats(true), 1000).run();
        // One noise byte: 1 in 256 runs it repeats by chance, so try a few times.
        for (int attempt = 0; attempt < 5 && outcome.status() == SelfCheck.Status.PASS; attempt++) {
            outcome = new CodecRoundTripCheck(new RawFloats(true), 1000).run();
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
