package org.malcomedge.coordinator.sites;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.link.mqtt.MosquittoBroker;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.firmware.topics.Topics;

/**
 * The rendered bridge between two real Mosquitto brokers: a 6-node ring, n0..n2 on site a and
 * n3..n5 on b. A boundary node's residual crosses in its direction; an inner node's stays home.
 */
class SiteBridgesMosquittoTest {

    private static final String EXP = "bridged";

    @TempDir
    Path dir;

    private static Map<String, Set<String>> ring() {
        Map<String, Set<String>> ring = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            ring.put("n" + i, Set.of("n" + ((i + 1) % 6), "n" + ((i + 5) % 6)));
        }
        return ring;
    }

    @Test
    void aCrossEdgesResidualCrossesAndAnInnerNodesDoesNot() throws Exception {
        MosquittoBroker.binary();
        int portA = MosquittoBroker.freePort();
        int portB = MosquittoBroker.freePort();
        Map<String, String> siteOf = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            siteOf.put("n" + i, i < 3 ? "a" : "b");
        }
        SiteMap sites = new SiteMap(siteOf, Map.of("a", "127.0.0.1:" + portA, "b", "127.0.0.1:" + portB));
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        String base = "allow_anonymous true\npersistence false\nset_tcp_nodelay true\n";
        try (MosquittoBroker b = MosquittoBroker.start(dir.resolve("b"), portB, "listener " + portB + " 127.0.0.1\n" + base);
             MosquittoBroker a = MosquittoBroker.start(dir.resolve("a"), portA, "listener " + portA + " 127.0.0.1\n" + base
                     + sites.bridges(EXP, "a", ring()));
             MqttLink onA = MqttLink.connect(MqttLinkSettings.of(a.uri(), "reader-a", EXP).silent());
             MqttLink onB = MqttLink.connect(MqttLinkSettings.of(b.uri(), "reader-b", EXP).silent())) {
            BlockingQueue<String> atA = new LinkedBlockingQueue<>();
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            String all = "malcom/" + EXP + "/node/+/residual";
            onA.subscribe(all, 1, (topic, payload) -> atA.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));
            onB.subscribe(all, 1, (topic, payload) -> atB.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));

            // n2 (a) -> n3 (b) runs out of a's bridge; n3 -> n2 runs in. Wait until both directions carry.
            awaitCrossing(onA, Topics.residual(EXP, "n2"), atB);
            awaitCrossing(onB, Topics.residual(EXP, "n3"), atA);

            // Inner nodes first, then a boundary marker on the same connection: QoS 1 over one bridge
            // keeps order, so had the inner topic crossed it would have arrived before the marker.
            onA.publish(Topics.residual(EXP, "n1"), bytes("inner"), 1, false);
            onA.publish(Topics.residual(EXP, "n2"), bytes("marker"), 1, false);
            onB.publish(Topics.residual(EXP, "n4"), bytes("inner"), 1, false);
            onB.publish(Topics.residual(EXP, "n3"), bytes("marker"), 1, false);
            assertNoneBefore(atB, Topics.residual(EXP, "n2") + " marker", "/n1/");
            assertNoneBefore(atA, Topics.residual(EXP, "n3") + " marker", "/n4/");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes probes until one arrives on the other side (the bridge connects asynchronously). */
    private static void awaitCrossing(MqttLink from, String topic, BlockingQueue<String> other) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            from.publish(topic, bytes("probe"), 1, false);
            String got = other.poll(200, TimeUnit.MILLISECONDS);
            if (got != null && got.startsWith(topic + " ")) {
                return;
            }
        }
        throw new AssertionError(topic + " never crossed the bridge");
    }

    private static void assertNoneBefore(BlockingQueue<String> received, String marker, String forbidden) throws Exception {
        while (true) {
            String got = received.poll(30, TimeUnit.SECONDS);
            assertNotNull(got, "the marker " + marker + " never arrived");
            assertFalse(got.contains(forbidden), "crossed a bridge it must not: " + got);
            if (got.equals(marker)) {
                return;
            }
        }
    }
}
