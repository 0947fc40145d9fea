package org.malcomedge.agent.link;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fleet-link contract on the in-memory twin, and its topic matching. */
class MemoryLinkContractTest extends FleetLinkContract {

    private final MemoryBroker broker = new MemoryBroker();

    @Override
    FleetLink observer(String id, String experiment) {
        return broker.connectSilent(id, experiment);
    }

    @Override
    FleetLink nodeBeforeBirth(String id, String experiment, int epoch) {
        return broker.connectBeforeBirth(MqttLinkSettings.of(java.net.URI.create("tcp://unused:1883"), id, experiment)
                .withEpoch(epoch));
    }

    @Override
    void crash(FleetLink link) {
        ((MemoryLink) link).crash();
    }

    @Test
    void topicFiltersMatchAsMqttSays() {
        assertTrue(MemoryBroker.matches("a/+/c", "a/b/c"));
        assertFalse(MemoryBroker.matches("a/+/c", "a/b/d/c"));
        assertTrue(MemoryBroker.matches("a/#", "a"), "# includes the parent level");
        assertTrue(MemoryBroker.matches("a/#", "a/b/c"));
        assertTrue(MemoryBroker.matches("#", "a/b"));
        assertFalse(MemoryBroker.matches("a/b", "a/b/c"));
        assertFalse(MemoryBroker.matches("a/b/c", "a/b"));
        assertTrue(MemoryBroker.matches("+/+", "a/"), "an empty level is a level");
    }

    @Test
    void overlappingFiltersOfOneLinkAreRefused() throws Exception {
        assertTrue(MemoryBroker.overlap("a/+", "+/b"));
        assertTrue(MemoryBroker.overlap("a/#", "a"));
        assertTrue(MemoryBroker.overlap("a/b/c", "a/#"));
        assertFalse(MemoryBroker.overlap("a/+", "b/+"));
        assertFalse(MemoryBroker.overlap("a/+", "a/b/c"));
        try (FleetLink link = observer("o", "overlap")) {
            link.subscribe("s/+/x", 1, (topic, payload) -> { });
            link.subscribe("s/+/y", 1, (topic, payload) -> { });
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> link.subscribe("s/#", 1, (topic, payload) -> { }));
            assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
        }
    }
}
