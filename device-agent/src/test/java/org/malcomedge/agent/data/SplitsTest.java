package org.malcomedge.agent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.InputException;

class SplitsTest {

    private static final int[] LABELS = new SplittableRandom(3).ints(500, 0, 10).toArray();

    @ParameterizedTest
    @ValueSource(strings = {"iid", "dirichlet:0.1", "dirichlet:100", "shards:2"})
    void everySampleGoesToExactlyOneNonEmptyNodeDeterministically(String spec) {
        Split split = Splits.parse(spec);
        for (int nodes : new int[] {1, 7, 50, 250}) {
            int[][] shares = split.assign(LABELS, 10, nodes, 42);
            assertEquals(nodes, shares.length);
            int[] all = Arrays.stream(shares).peek(s -> assertTrue(s.length > 0, spec + " left a node empty")).flatMapToInt(Arrays::stream).sorted().toArray();
            assertArrayEquals(java.util.stream.IntStream.range(0, LABELS.length).toArray(), all, spec + " with " + nodes + " nodes");
            assertTrue(Arrays.deepEquals(shares, split.assign(LABELS, 10, nodes, 42)), spec + " is not deterministic");
        }
        if (!spec.equals("dirichlet:100")) {
            assertTrue(!Arrays.deepEquals(split.assign(LABELS, 10, 7, 42), split.assign(LABELS, 10, 7, 43)), "seed ignored by " + spec);
        }
    }

    @Test
    void labelSkewGrowsAsAlphaShrinks() {
        assertTrue(classesPerNode("dirichlet:0.05") < classesPerNode("dirichlet:100"));
        assertTrue(classesPerNode("shards:1") <= 2.0);
        assertTrue(classesPerNode("iid") > 8);
    }

    private static double classesPerNode(String spec) {
        return Arrays.stream(Splits.parse(spec).assign(LABELS, 10, 20, 1))
                .mapToLong(share -> Arrays.stream(share).map(i -> LABELS[i]).distinct().count()).average().orElseThrow();
    }

    @Test
    void impossibleSplitsAndBadSpecsSayWhy() {
        assertEquals("split iid: 500 training samples cannot give each of 501 nodes one sample",
                assertThrows(InputException.class, () -> Splits.parse("iid").assign(LABELS, 10, 501, 1)).getMessage());
        assertTrue(assertThrows(InputException.class, () -> Splits.parse("shards:3").assign(LABELS, 10, 200, 1))
                .getMessage().contains("(600 needed)"));
        for (String bad : new String[] {"dirichlet:0", "dirichlet:x", "shards:0", "shards:1.5", "random"}) {
            assertTrue(assertThrows(InputException.class, () -> Splits.parse(bad)).getMessage().startsWith("split '" + bad + "'"));
        }
    }
}
