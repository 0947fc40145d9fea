package org.malcomedge.coordinator.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.InputException;

class SitesYamlTest {

    private static final List<String> PLANNED = List.of("node-0", "node-1", "node-2", "node-3");

    private static final String GOOD = """
            sites:
              north: {broker: "10.0.0.2:1883", devices: [node-0, node-1]}
              south:
                broker: broker.south.lan:1884
                devices: [node-2, node-3]
            """;

    private static String error(String yaml) {
        InputException e = assertThrows(InputException.class, () -> SitesYaml.parse(yaml, "my-sites.yaml", PLANNED));
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsEachDevicesSiteAndEachSitesBroker() {
        SiteMap sites = SitesYaml.parse(GOOD, "my-sites.yaml", PLANNED);
        assertEquals(Map.of("node-0", "north", "node-1", "north", "node-2", "south", "node-3", "south"), sites.siteOf());
        assertEquals(Map.of("north", "10.0.0.2:1883", "south", "broker.south.lan:1884"), sites.brokers());
    }

    @Test
    void oneSiteIsFineAndHasNoBridges() {
        SiteMap one = SitesYaml.parse("sites:\n  all: {broker: \"h:1883\", devices: [node-0, node-1, node-2, node-3]}\n",
                "my-sites.yaml", PLANNED);
        assertEquals(List.of("all"), List.copyOf(one.sites()));
        Map<String, java.util.Set<String>> ring = Map.of("node-0", java.util.Set.of("node-1"), "node-1", java.util.Set.of("node-0"));
        assertTrue(one.crossEdges(ring).isEmpty());
        assertEquals("", one.bridges("e", "all", ring));
    }

    @Test
    void anUnknownSiteFieldIsNamedWithItsLine() {
        assertEquals("my-sites.yaml:4: sites.south.brokers: unknown field (allowed here: broker, devices)",
                error(GOOD.replace("    broker:", "    brokers:")));
    }

    @Test
    void anUnknownTopLevelKeyIsNamed() {
        assertEquals("my-sites.yaml:1: site: unknown field (allowed here: sites)", error(GOOD.replace("sites:\n", "site:\n")));
    }

    @Test
    void aMissingBrokerIsNamedAtItsSite() {
        assertEquals("my-sites.yaml:2: sites.north.broker: is required: the site broker's address as host:port, e.g. 10.0.0.2:1883",
                error(GOOD.replace("broker: \"10.0.0.2:1883\", ", "")));
    }

    @Test
    void aBadHostPortIsNamed() {
        assertEquals("my-sites.yaml:4: sites.south.broker: 'broker.south.lan' is not host:port (e.g. 10.0.0.2:1883, port 1 to 65535)",
                error(GOOD.replace("broker.south.lan:1884", "broker.south.lan")));
        assertEquals("my-sites.yaml:2: sites.north.broker: 'tcp://10.0.0.2:1883' is not host:port (e.g. 10.0.0.2:1883, port 1 to 65535)",
                error(GOOD.replace("\"10.0.0.2:1883\"", "\"tcp://10.0.0.2:1883\"")));
        assertEquals("my-sites.yaml:2: sites.north.broker: '10.0.0.2:70000' is not host:port (e.g. 10.0.0.2:1883, port 1 to 65535)",
                error(GOOD.replace("1883", "70000")));
    }

    @Test
    void aDeviceOnTwoSitesNamesBoth() {
        assertEquals("my-sites.yaml:5: sites.south.devices: node-1 is already on site north (line 2): a device is on one site",
                error(GOOD.replace("[node-2, node-3]", "[node-2, node-3, node-1]")));
    }

    @Test
    void aDeviceTwiceOnOneSiteIsNamed() {
        assertEquals("my-sites.yaml:2: sites.north.devices: node-0 is already on site north: a device is on one site",
                error(GOOD.replace("[node-0, node-1]", "[node-0, node-1, node-0]")));
    }

    @Test
    void aPlannedDeviceOnNoSiteIsNamed() {
        assertEquals("my-sites.yaml:2: sites: no site lists the plan's device node-3: every device is on one site",
                error(GOOD.replace(", node-3]", "]")));
    }

    @Test
    void aDeviceNotInThePlanIsNamed() {
        assertEquals("my-sites.yaml:5: sites.south.devices: node-9 is not a device of the plan (its devices: node-0, node-1, node-2, node-3)",
                error(GOOD.replace("node-3]", "node-3, node-9]")));
    }

    @Test
    void missingOrMisshapedPartsAreNamed() {
        assertEquals("my-sites.yaml:2: sites.north.devices: is required: the list of the site's device ids",
                error(GOOD.replace(", devices: [node-0, node-1]", "")));
        assertEquals("my-sites.yaml:5: sites.south.devices: expected a list of device ids, found 'node-2'",
                error(GOOD.replace("[node-2, node-3]", "node-2")));
        assertEquals("my-sites.yaml:1: sites: is required (a mapping of site name to broker and devices)", error("{}\n"));
        assertEquals("my-sites.yaml:1: expected a mapping of sites, found nothing", error(""));
        assertEquals("my-sites.yaml:2: sites.no/rth: a site name may only hold letters, digits, '-' and '_'",
                error(GOOD.replace("north:", "no/rth:")));
        assertEquals("my-sites.yaml:3: sites.south: given twice", error(GOOD.replace("  north:", "  south:")));
    }

    @Test
    void badYamlNamesTheLine() {
        String message = error(GOOD.replace("[node-2, node-3]", "[node-2, node-3"));
        assertTrue(message.startsWith("my-sites.yaml:6: not valid YAML: "), message);
    }

    @Test
    void anUnreadableFileNamesTheFlagAndFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nowhere.yaml");
        InputException e = assertThrows(InputException.class, () -> SitesYaml.read(missing, PLANNED));
        assertEquals("--sites " + missing + ": no such file", e.getMessage());
        Path file = dir.resolve("sites.yaml");
        Files.writeString(file, GOOD);
        assertEquals("south", SitesYaml.read(file, PLANNED).siteOf().get("node-3"));
    }
}
