package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.malcomedge.wire.Edge;

class PlanGraphTest {

    private static Edge edge(String a, String b, double w) {
        return Edge.newBuilder().setA(a).setB(b).setWeight(w).build();
    }

    /** A star a-b, a-c, a-d plus the edge c-d, with the plan's (MH) weights. */
    private static final PlanGraph GRAPH = new PlanGraph(List.of("a", "b", "c", "d"), List.of(
            edge("a", "b", 0.25), edge("a", "c", 0.25), edge("a", "d", 0.25), edge("c", "d", 1.0 / 3)));

    @Test
    void everyoneAliveMeansThePlansWeights() {
        assertEquals(Map.of("a", 0.25, "d", 1.0 / 3), GRAPH.weights("c", List.of("a", "b", "c", "d")));
    }

    @Test
    void departuresRenormaliseMetropolisHastingsOnTheLiveGraph() {
        // b gone: a has degree 2, c and d degree 2: w = 1 / (1 + 2) everywhere.
        assertEquals(Map.of("c", 1.0 / 3, "d", 1.0 / 3), GRAPH.weights("a", List.of("a", "c", "d")));
        // b and d gone: a - c is the only edge left, degrees 1: w = 1 / 2.
        assertEquals(Map.of("a", 0.5), GRAPH.weights("c", List.of("a", "c")));
        assertEquals(Map.of(), GRAPH.weights("b", List.of("b", "c", "d")), "b alone");
    }

    @Test
    void badEdgesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PlanGraph(List.of("a", "b"), List.of(edge("a", "x", 0.5))));
        assertTrue(e.getMessage().contains("edge a - x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PlanGraph(List.of("a", "b"), List.of(edge("a", "b", 0))));
        assertTrue(e.getMessage().contains("weight 0.0"), e.getMessage());
    }
}
