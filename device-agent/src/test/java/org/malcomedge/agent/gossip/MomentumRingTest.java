package org.malcomedge.agent.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.malcomedge.agent.gossip.QuadraticRing.D;
import static org.malcomedge.agent.gossip.QuadraticRing.ETA;
import static org.malcomedge.agent.gossip.QuadraticRing.TRAINER;
import static org.malcomedge.agent.gossip.QuadraticRing.distance;
import static org.malcomedge.agent.gossip.QuadraticRing.optimum;
import static org.malcomedge.agent.gossip.QuadraticRing.ring;
import static org.malcomedge.agent.gossip.QuadraticRing.round;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.gossip.MomentumSpec.Kind;

/** Momentum on the nodes' local step, on the {@link QuadraticRing}. */
class MomentumRingTest {

    private static GossipParameters parameters(Algorithm algorithm, Kind kind, double beta) {
        return GossipParameters.of(algorithm, ETA * (1 - beta), 0.5, 0).withMomentum(new MomentumSpec(kind, beta));
    }

    /**
     * Where the model stops moving: heavy-ball's buffer is then the local gradient over (1 - beta),
     * so at eta (1 - beta) it stops where plain SGD at eta does, D-PSGD's biased point; quasi-global's
     * buffer follows the model, which no longer moves, so it stops where plain SGD at eta (1 - beta)
     * does, nearer x*. With tracking every kind reaches x*.
     */
    @ParameterizedTest
    @CsvSource({"choco, heavy-ball, 1", "choco, quasi-global, 0.4", "beer, heavy-ball, 1", "beer, quasi-global, 0.4"})
    void momentumStopsWhereThePlainStepOfItsKindDoes(String algorithm, String kind, double plainEtaFactor) {
        Algorithm a = Algorithm.parse(algorithm);
        List<GossipNode> plain = ring(GossipParameters.of(a, ETA * plainEtaFactor, 0.5, 0), Compressors.parse("qsgd:16"));
        List<GossipNode> fast = ring(parameters(a, Kind.parse(kind), 0.6), Compressors.parse("qsgd:16"));
        for (int t = 1; t <= 1500; t++) {
            round(plain, t, "", "");
            round(fast, t, "", "");
        }
        for (int i = 0; i < plain.size(); i++) {
            float[] expected = plain.get(i).model();
            assertTrue(distance(fast.get(i).model(), toDouble(expected)) < 0.02,
                    "n" + i + ": " + Arrays.toString(fast.get(i).model()) + " against " + Arrays.toString(expected));
        }
        if (a.tracksGradient()) {
            assertTrue(distance(fast.get(0).model(), optimum()) < 0.02, "tracking reaches x*");
        } else {
            List<GossipNode> plainAtEta = ring(GossipParameters.of(a, ETA, 0.5, 0), Compressors.parse("qsgd:16"));
            for (int t = 1; t <= 1500; t++) {
                round(plainAtEta, t, "", "");
            }
            double bias = distance(fast.get(0).model(), optimum());
            double plainBias = distance(plainAtEta.get(0).model(), optimum());
            assertTrue(kind.equals("heavy-ball") ? Math.abs(bias - plainBias) < 0.02 : bias < 0.7 * plainBias,
                    kind + " stops " + bias + " from x*, plain SGD at eta " + plainBias);
        }
    }

    /** The momentum buffer is state: without it in the checkpoint the resumed node would step elsewhere. */
    @ParameterizedTest
    @CsvSource({"malcom, heavy-ball", "malcom, quasi-global", "malcom-beer, quasi-global"})
    void aResumedNodeStepsExactlyAsTheUninterruptedOne(String algorithm, String kind) {
        GossipParameters p = parameters(Algorithm.parse(algorithm), Kind.parse(kind), 0.9);
        List<GossipNode> nodes = ring(p, Compressors.parse("qsgd:8"));
        for (int t = 1; t <= 10; t++) {
            round(nodes, t, "", "");
        }
        NodeSnapshot snapshot = nodes.get(0).snapshot();
        assertEquals(D, snapshot.momentum().length);
        assertFalse(Arrays.equals(new float[D], snapshot.momentum()), "a buffer after 10 rounds");
        GossipNode twin = ring(p, Compressors.parse("qsgd:8")).get(0);
        twin.resume(snapshot);
        nodes.get(0).prepare(11, TRAINER);
        twin.prepare(11, TRAINER);
        assertArrayEquals(nodes.get(0).model(), twin.model(), "the same local step, x_half");

        GossipNode plain = ring(GossipParameters.of(Algorithm.parse(algorithm), ETA, 0.5, 0), Compressors.parse("qsgd:8"))
                .get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.resume(snapshot));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            d[k] = v[k];
        }
        return d;
    }
}
