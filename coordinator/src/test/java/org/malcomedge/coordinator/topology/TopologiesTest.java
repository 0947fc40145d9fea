package org.malcomedge.coordinator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.InputException;

class TopologiesTest {

    private static MixingWeights weights(String spec, int n) {
        return MixingWeights.metropolisHastings(Topologies.parse(spec, n, 7).graphAt(1));
    }

    @Test
    void ringOfEightHasDesignCheckValues() {
        MixingWeights w = weights("ring", 8);
        assertEquals(1.0 / 3, w.weight(0, 1), 1e-12);
        assertEquals(1.0 / 3, w.self(0), 1e-12);
        assertEquals(0.80474, w.eigenvalues()[1], 1e-5);
        assertEquals(0.19526, w.spectralGap(), 1e-5);
        assertEquals(4.0 / 3, w.beta(), 1e-9, "||I - W|| = 1 - lambda_8 = 1 - (1/3 - 2/3)");
    }

    @ParameterizedTest
    @CsvSource({"complete, 8, 1", "torus, 16, 1.6", "ring, 32, 1.3333333333"})
    void betaIsOneMinusTheSmallestEigenvalue(String spec, int n, double beta) {
        assertEquals(beta, weights(spec, n).beta(), 1e-9);
    }

    @ParameterizedTest
    @CsvSource({"ring, 16, 0.05075", "torus, 16, 0.4", "complete, 16, 1", "complete, 5, 1"})
    void spectralGapsMatchDesign(String spec, int n, double gap) {
        assertEquals(gap, weights(spec, n).spectralGap(), 1e-5);
    }

    @Test
    void torusOfSixteenIsFourByFour() {
        Graph g = Topologies.parse("torus", 16, 1).graphAt(1);
        for (int i = 0; i < 16; i++) {
            assertEquals(4, g.degree(i));
        }
        assertTrue(g.hasEdge(0, 3) && g.hasEdge(0, 12) && g.hasEdge(0, 1) && g.hasEdge(0, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ring", "torus", "complete", "star", "geometric:0.5", "erdos:0.3", "regular:3",
            "regular:4", "dynamic:3:5"})
    void weightsAreSymmetricDoublyStochasticOnConnectedGraphs(String spec) {
        for (int n : new int[] {2, 12, 30}) {
            if (n == 2 && (spec.startsWith("regular") || spec.startsWith("dynamic"))) {
                continue; // no 3- or 4-regular graph on 2 nodes
            }
            Topology topology = Topologies.parse(spec, n, 3);
            for (int round : new int[] {1, 6, 11}) {
                Graph g = topology.graphAt(round);
                assertTrue(g.isConnected(), spec + " n=" + n);
                double[][] w = MixingWeights.metropolisHastings(g).matrix();
                for (int i = 0; i < n; i++) {
                    double row = 0;
                    double column = 0;
                    for (int j = 0; j < n; j++) {
                        assertEquals(w[i][j], w[j][i], 1e-15);
                        assertTrue(w[i][j] >= 0);
                        row += w[i][j];
                        column += w[j][i];
                    }
                    assertEquals(1, row, 1e-12);
                    assertEquals(1, column, 1e-12);
                }
            }
        }
    }

    @Test
    void regularGraphsAreRegularAndDeterministicBySeed() {
        Graph a = Topologies.parse("regular:4", 64, 11).graphAt(1);
        for (int i = 0; i < 64; i++) {
            assertEquals(4, a.degree(i));
        }
        assertEquals(a, Topologies.parse("regular:4", 64, 11).graphAt(1));
        assertNotEquals(a, Topologies.parse("regular:4", 64, 12).graphAt(1));
    }

    @Test
    void dynamicTopologyChangesEveryKRounds() {
        Topology t = Topologies.parse("dynamic:4:3", 32, 5);
        assertTrue(t.timeVarying());
        assertEquals(t.graphAt(1), t.graphAt(3));
        assertNotEquals(t.graphAt(3), t.graphAt(4));
        assertEquals(t.graphAt(4), Topologies.parse("dynamic:4:3", 32, 5).graphAt(5));
    }

    @Test
    void spectralGapOfAThousandNodesIsQuick() {
        double gap = weights("regular:4", 1024).spectralGap();
        assertTrue(gap > 0 && gap < 1, "gap " + gap);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "regular:3 | 9 | odd",
            "regular:9 | 9 | below the 9 nodes",
            "geometric:-1 | 8 | radius R must be in",
            "geometric:x | 8 | is not a number",
            "geometric:0.01 | 50 | no connected graph",
            "erdos:0 | 8 | edge probability P must be in",
            "foo | 8 | unknown topology 'foo'",
            "ring:3 | 8 | expected ring (no parameters)",
            "dynamic:4 | 8 | expected dynamic:D:K",
            "dynamic:4:0 | 8 | period K must be a positive integer"})
    void badSpecsGiveOneClearError(String spec, int n, String message) {
        InputException e = assertThrows(InputException.class, () -> Topologies.parse(spec, n, 1));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains(spec), e.getMessage());
    }
}
