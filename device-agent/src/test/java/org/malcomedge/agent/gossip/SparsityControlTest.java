package org.malcomedge.agent.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.testing.IdentityCompressor;

class SparsityControlTest {

    @Test
    void withoutATargetNothingIsCut() {
        SparsityControl none = new SparsityControl(0, 1);
        float[] v = {5f, -3f, 1e-9f};
        none.cut(v, 100);
        assertArrayEquals(new float[] {5f, -3f, 1e-9f}, v);
        assertEquals(0, none.targetAt(1000));
    }

    @Test
    void theTargetRampsUpCubicallyThenHolds() {
        SparsityControl control = new SparsityControl(0.8, 100);
        assertEquals(0, control.targetAt(0), 1e-12);
        assertEquals(0.8 * (1 - 0.125), control.targetAt(50), 1e-12);
        assertEquals(0.8, control.targetAt(100), 1e-12);
        assertEquals(0.8, control.targetAt(5000), 1e-12);
    }

    @Test
    void theCutLeavesExactlyTheTargetFractionOfZerosAndTheRestUntouched() {
        SplittableRandom random = new SplittableRandom(3);
        float[] v = new float[10_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        float[] before = v.clone();
        new SparsityControl(0.8, 10).cut(v, 10);
        int zeros = 0;
        float largestCut = 0;
        float smallestKept = Float.MAX_VALUE;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                zeros++;
                largestCut = Math.max(largestCut, Math.abs(before[i]));
            } else {
                assertEquals(before[i], v[i], "a surviving weight keeps its value (no shrinkage)");
                smallestKept = Math.min(smallestKept, Math.abs(v[i]));
            }
        }
        assertEquals(8000, zeros);
        assertTrue(largestCut < smallestKept, "the smallest magnitudes are the ones cut");
    }

    @Test
    void theSelectionAgreesWithSorting() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            float[] v = new float[1 + random.nextInt(3000)];
            for (int i = 0; i < v.length; i++) {
                // wide scales, exact zeros, ties and negative zero
                v[i] = switch (random.nextInt(4)) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    case 2 -> (float) random.nextGaussian() * 1e-6f;
                    default -> (float) random.nextGaussian() * (random.nextBoolean() ? 1 : 1e4f);
                };
            }
            float[] sorted = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                sorted[i] = Math.abs(v[i]);
            }
            Arrays.sort(sorted);
            int k = 1 + random.nextInt(v.length);
            assertEquals(sorted[k - 1], SparsityControl.kthSmallestMagnitude(v, k), "k = " + k + " of " + v.length);
        }
    }

    @Test
    void aMalcomRingWithATargetEndsAtIt() {
        GossipParameters parameters = GossipParameters.of(Algorithm.MALCOM, 0.1, 0.5, 1e-6).withSparsityTarget(0.5, 4);
        RingOfNodes ring = new RingOfNodes(4, new IdentityCompressor(), parameters, RingOfNodes::sameStart);
        for (int t = 1; t <= 6; t++) {
            ring.round(t);
        }
        int d = ring.nodes.get(0).dimension();
        for (GossipNode node : ring.nodes) {
            assertTrue(node.sparsity() >= Math.floor(0.5 * d) / d, node.id() + " sparsity " + node.sparsity());
        }
    }

    @Test
    void onlyMalcomTakesATarget() {
        assertThrows(IllegalArgumentException.class,
                () -> GossipParameters.of(Algorithm.CHOCO, 0.1, 0.5, 0).withSparsityTarget(0.5, 10));
        assertThrows(IllegalArgumentException.class,
                () -> GossipParameters.of(Algorithm.MALCOM, 0.1, 0.5, 0).withSparsityTarget(1, 10));
    }
}
