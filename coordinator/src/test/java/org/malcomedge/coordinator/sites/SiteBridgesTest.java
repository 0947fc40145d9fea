package org.malcomedge.coordinator.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SiteBridgesTest {

    /** A 9-node ring n0..n8, three consecutive nodes per site. */
    private static Map<String, Set<String>> ring() {
        Map<String, Set<String>> ring = new TreeMap<>();
        for (int i = 0; i < 9; i++) {
            ring.put("n" + i, Set.of("n" + ((i + 1) % 9), "n" + ((i + 8) % 9)));
        }
        return ring;
    }

    private static Map<String, String> sites() {
        Map<String, String> siteOf = new TreeMap<>();
        for (int i = 0; i < 9; i++) {
            siteOf.put("n" + i, "s" + (i / 3));
        }
        return siteOf;
    }

    private static final Map<String, String> BROKERS = Map.of("s0", "h0:1883", "s1", "h1:1883", "s2", "h2:1883");

    @Test
    void onlyTheRingsSiteBoundariesCross() {
        assertEquals(Set.of("n2|n3", "n5|n6", "n0|n8"), SiteBridges.crossEdges(ring(), sites()));
    }

    @Test
    void firstSiteBridgesBothOthersWithEachBoundaryNodesTopicsInItsDirection() {
        String conf = SiteBridges.render("e", "s0", ring(), sites(), BROKERS);
        assertTrue(conf.contains("connection s0-to-s1\naddress h1:1883\n"), conf);
        assertTrue(conf.contains("topic malcom/e/node/n2/residual out 1"), conf);
        assertTrue(conf.contains("topic malcom/e/node/n3/residual in 1"), conf);
        assertTrue(conf.contains("topic malcom/e/node/n0/state out 1"), conf);
        assertTrue(conf.contains("topic malcom/e/node/n8/repair in 1"), conf);
        assertFalse(conf.contains("/n1/"), "an inner node's topics stay home: " + conf);
        assertFalse(conf.contains("/n4/"), conf);
        assertEquals(4 * 4, conf.lines().filter(l -> l.startsWith("topic ")).count(), conf);
    }

    @Test
    void eachPairHasOneBridgeHostedByTheFirstSite() {
        String middle = SiteBridges.render("e", "s1", ring(), sites(), BROKERS);
        assertFalse(middle.contains("s1-to-s0"), middle);
        assertTrue(middle.contains("connection s1-to-s2"), middle);
        assertEquals("", SiteBridges.render("e", "s2", ring(), sites(), BROKERS));
    }
}
