package org.malcomedge.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;

/**
 * Test support for the generated broker files: a device that connects with another device's
 * client id must neither knock that device off the broker nor make the broker publish its DEATH
 * will. Shared by the password ({@link MosquittoAccessTest}) and the certificate ({@link TrialTlsTest})
 * listeners.
 *
 * <p>Deterministic without sleeps: Mosquitto handles a CONNECT, including closing an older
 * connection with the same client id and publishing its will, before it answers CONNACK; the
 * observer's probe is published after that CONNACK and the broker delivers to one subscriber in
 * order, so a DEATH caused by the impostor reaches the observer before the probe.
 */
final class ClientIdTakeover {

    private static final long WAIT_SECONDS = 5;

    private ClientIdTakeover() {
    }

    /**
     * @param victim   a node (announcing: retained BIRTH, DEATH as its will) that may read the plan topic
     * @param impostor another device's credentials with the victim's client id, announcing as an agent does: a
     *                 clean start, which is what makes Mosquitto publish the older connection's will (a
     *                 session-resuming takeover closes it without the will)
     * @param observer the coordinator: reads every node's state, reads and writes the plan topic
     */
    static void assertTheVictimStaysAlive(MqttLinkSettings victim, MqttLinkSettings impostor, MqttLinkSettings observer)
            throws Exception {
        String experiment = victim.experiment();
        String stateTopic = Topics.state(experiment, victim.clientId());
        String planTopic = Topics.plan(experiment);
        try (MqttLink coordinator = MqttLink.connect(observer.silent());
             MqttLink node = MqttLink.connect(victim)) {
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            coordinator.subscribe(stateTopic, 1, (topic, payload) -> seen.add(status(payload)));
            coordinator.subscribe(planTopic, 1, (topic, payload) -> seen.add(new String(payload, StandardCharsets.UTF_8)));
            BlockingQueue<String> heardByVictim = new LinkedBlockingQueue<>();
            node.subscribe(planTopic, 1, (topic, payload) -> heardByVictim.add(new String(payload, StandardCharsets.UTF_8)));
            // an older retained state of the victim (an earlier test's LEAVE) may come before its BIRTH
            String state;
            do {
                state = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            } while (state != null && !state.equals(NodeState.Status.BIRTH.name()));
            assertEquals(NodeState.Status.BIRTH.name(), state, "the victim's BIRTH");

            try (MqttLink ignored = MqttLink.connect(impostor)) {
                String probe = "probe after " + impostor.clientId() + "'s CONNECT";
                coordinator.publish(planTopic, probe.getBytes(StandardCharsets.UTF_8), 1, false);
                List<String> before = new ArrayList<>();
                String next;
                while ((next = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)) != null && !next.equals(probe)) {
                    before.add(next);
                }
                assertNotNull(next, "the observer's probe never came back");
                assertTrue(before.stream().noneMatch(NodeState.Status.DEATH.name()::equals),
                        "the broker published " + victim.clientId() + "'s DEATH: " + before);
                assertTrue(waitFor(heardByVictim, probe), victim.clientId() + " no longer hears the broker");
                assertTrue(node.isConnected() && node.connects() == 1,
                        victim.clientId() + " was disconnected (connects: " + node.connects() + ")");
            }
        }
    }

    private static String status(byte[] payload) {
        try {
            return NodeState.parseFrom(payload).getStatus().name();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("not a NodeState on a state topic", e);
        }
    }

    private static boolean waitFor(BlockingQueue<String> queue, String wanted) throws InterruptedException {
        String next;
        do {
            next = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        } while (next != null && !next.equals(wanted));
        return next != null;
    }
}
