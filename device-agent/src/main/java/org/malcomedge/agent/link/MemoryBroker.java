package org.malcomedge.agent.link;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MQTT broker's twin in one JVM, for the fleet logic's tests: {@link FleetLink}s that publish
 * and subscribe on the same topic layout, with what the fleet protocol relies on from a real
 * broker (DESIGN.md sections 5 and 9):
 * <ul>
 *   <li>topic filters with {@code +} and {@code #}; every message reaches each subscription whose
 *       filter matches it when it is published (not one made later), in publish order, handlers
 *       running on the receiving link's one delivery thread, as Paho's callbacks do;</li>
 *   <li>retained messages (an empty retained payload clears the topic), sent to a new subscription;</li>
 *   <li>a node's DEATH will, published when its link {@linkplain MemoryLink#crash crashes}; a
 *       {@link FleetLink#leave} publishes the LEAVE and discards the will;</li>
 *   <li>a node's BIRTH held back until {@link FleetLink#announce}, as the agent connects.</li>
 * </ul>
 * Nothing is lost and nothing disconnects unless a link crashes: broker outages and reconnects are
 * {@code mqtt.MqttLink}'s, and are tested on a real Mosquitto. {@link FleetLink#socketBytes()} counts
 * the MQTT 5 PUBLISH packets (and PUBACKs) a broker would carry, without connect, subscribe or
 * keep-alive packets.
 */
public final class MemoryBroker {

    private static final int QOS_ACKED = 1;
    private static final int PUBACK_BYTES = 4;

    private final Map<String, byte[]> retained = new LinkedHashMap<>();
    private final List<MemoryLink> links = new ArrayList<>();

    /** A client that is no node (a coordinator, a test's observer): no state topic, no will. */
    public MemoryLink connectSilent(String clientId, String experiment) {
        return connect(new NodePresence(experiment, clientId, 0, false, false), MqttLinkSettings.DEFAULT_MAX_FRAME_BYTES);
    }

    /** A node's link with {@code settings}' identity, its BIRTH held until {@link FleetLink#announce}. */
    public MemoryLink connectBeforeBirth(MqttLinkSettings settings) {
        return connect(NodePresence.of(settings, true), settings.maxFrameBytes());
    }

    private MemoryLink connect(NodePresence presence, int maxFrameBytes) {
        MemoryLink link = new MemoryLink(this, presence, maxFrameBytes);
        synchronized (this) {
            links.add(link);
        }
        return link;
    }

    /** The messages retained now, by topic. */
    public synchronized Map<String, byte[]> retained() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        retained.forEach((topic, payload) -> copy.put(topic, payload.clone()));
        return copy;
    }

    /** Routes one message to every matching subscription, as of now; {@code retain} keeps it for later ones. */
    synchronized void route(String topic, byte[] payload, int qos, boolean retain) {
        byte[] copy = payload.clone();
        if (retain) {
            if (copy.length == 0) {
                retained.remove(topic);
            } else {
                retained.put(topic, copy);
            }
        }
        for (MemoryLink link : links) {
            link.offer(topic, copy, qos);
        }
    }

    /** Registers {@code filter} on {@code link} and sends it the matching retained messages. */
    synchronized void subscribe(MemoryLink link, String filter, int qos, FleetLink.MessageHandler handler) {
        link.addSubscription(filter, qos, handler);
        retained.forEach((topic, payload) -> {
            if (matches(filter, topic)) {
                link.offer(topic, payload, QOS_ACKED);
            }
        });
    }

    synchronized void disconnect(MemoryLink link) {
        links.remove(link);
    }

    /**
     * Whether MQTT topic {@code filter} matches {@code topic}: {@code +} is one level, a trailing
     * {@code #} any number of levels (none included).
     */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return i == f.length - 1;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** Whether some topic matches both filters (see {@link FleetLink#subscribe}: a link's filters must not). */
    static boolean overlap(String first, String second) {
        String[] a = first.split("/", -1);
        String[] b = second.split("/", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i].equals("#") || b[i].equals("#")) {
                return true;
            }
            if (!a[i].equals("+") && !b[i].equals("+") && !a[i].equals(b[i])) {
                return false;
            }
        }
        return a.length == b.length
                || (a.length == b.length + 1 && a[a.length - 1].equals("#"))
                || (b.length == a.length + 1 && b[b.length - 1].equals("#"));
    }

    /** The bytes of an MQTT 5 PUBLISH of {@code payload} on {@code topic} with no properties. */
    static int publishPacketBytes(String topic, int payloadBytes, int qos) {
        int remaining = 2 + topic.getBytes(StandardCharsets.UTF_8).length + (qos > 0 ? 2 : 0) + 1 + payloadBytes;
        int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
        return 1 + lengthBytes + remaining;
    }

    static int acknowledgementBytes(int qos) {
        return qos > 0 ? PUBACK_BYTES : 0;
    }
}
