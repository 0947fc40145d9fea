package org.malcomedge.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.link.mqtt.MosquittoBroker;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.transport.TestFrames;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ResidualFrame;

/** The generated config, password file and ACL, enforced by a real Mosquitto. */
class MosquittoAccessTest {

    private static final String EXP = "acltest";
    /** A ring 1-2-3-4-1: node 2's neighbours are 1 and 3; 4 is not its neighbour. */
    private static final Map<String, Set<String>> RING = Map.of(
            "1", Set.of("2", "4"), "2", Set.of("1", "3"), "3", Set.of("2", "4"), "4", Set.of("3", "1"));

    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static BrokerFiles.Written files;

    @BeforeAll
    static void startBroker() throws Exception {
        MosquittoBroker.binary(); // skip before generating anything when mosquitto is absent
        int port = MosquittoBroker.freePort();
        files = BrokerFiles.write(dir, EXP, "coordinator", RING,
                List.of(new MosquittoListener(port, Optional.of("127.0.0.1"), Optional.empty())), new SecureRandom());
        broker = MosquittoBroker.start(dir, port, Files.readString(files.config()));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static MqttLinkSettings as(String clientId, String user) throws Exception {
        String password = Files.readString(files.credentials().get(user)).strip();
        return MqttLinkSettings.of(broker.uri(), clientId, EXP).withCredentials(user, password);
    }

    @Test
    void aWrongPasswordOrNoneIsRefused() {
        LinkException wrong = assertThrows(LinkException.class, () -> MqttLink.connect(
                MqttLinkSettings.of(broker.uri(), "2", EXP).withCredentials("2", "not-the-password")));
        assertTrue(wrong.getMessage().contains("not authorized") || wrong.getMessage().contains("bad user name"),
                wrong.getMessage());
        assertThrows(LinkException.class, () -> MqttLink.connect(MqttLinkSettings.of(broker.uri(), "2", EXP)));
    }

    @Test
    void nodeTwoCannotPublishOnNodeThreesResidualTopic() throws Exception {
        try (MqttLink four = MqttLink.connect(as("4", "4"));
             MqttLink three = MqttLink.connect(as("3", "3"));
             MqttLink forger = MqttLink.connect(as("2", "2").silent())) {
            BlockingQueue<ResidualFrame> received = new LinkedBlockingQueue<>();
            four.subscribe(Topics.residual(EXP, "3"), 1, (topic, payload) -> received.add(TestFrames.parse(payload)));

            ResidualFrame forged = TestFrames.frame(EXP, "3", 0, 10, 32).build();
            LinkException refused = assertThrows(LinkException.class,
                    () -> forger.publish(Topics.residual(EXP, "3"), forged.toByteArray(), 1, false));
            assertTrue(refused.getMessage().contains("not authorized (0x87)"), refused.getMessage());
            ResidualFrame genuine = TestFrames.frame(EXP, "3", 1, 10, 32).build();
            three.publishFrame(genuine);

            // The broker handles both publishes in order: had the forgery passed, it would come first.
            assertEquals(genuine, received.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void nodeTwoReadsItsNeighboursResidualsButNotANonNeighbours() throws Exception {
        try (MqttLink two = MqttLink.connect(as("2", "2"));
             MqttLink three = MqttLink.connect(as("3", "3"));
             MqttLink four = MqttLink.connect(as("4", "4"))) {
            BlockingQueue<ResidualFrame> received = new LinkedBlockingQueue<>();
            // Mosquitto 2.0.11 grants this subscription and applies the ACL at delivery; a broker that
            // refuses it outright is as good.
            try {
                two.subscribe(Topics.residual(EXP, "4"), 1, (topic, payload) -> received.add(TestFrames.parse(payload)));
            } catch (LinkException refused) {
                assertTrue(refused.getMessage().contains("not authorized"), refused.getMessage());
            }
            two.subscribe(Topics.residual(EXP, "3"), 1, (topic, payload) -> received.add(TestFrames.parse(payload)));

            four.publishFrame(TestFrames.frame(EXP, "4", 0, 10, 32).build());
            ResidualFrame fromNeighbour = TestFrames.frame(EXP, "3", 0, 10, 32).build();
            three.publishFrame(fromNeighbour);

            assertEquals(fromNeighbour, received.poll(5, TimeUnit.SECONDS), "4's frame must never reach 2");
        }
    }

    @Test
    void aDeviceClaimingAnotherDevicesClientIdNeitherKnocksItOffNorFakesItsDeath() throws Exception {
        // 4's password with 2's client id: the broker knows the connection as 4
        ClientIdTakeover.assertTheVictimStaysAlive(as("2", "2"), as("2", "4"), as("coordinator", "coordinator"));
    }

    @Test
    void theCoordinatorReadsEveryNodesStateAndPublishesThePlan() throws Exception {
        try (MqttLink coordinator = MqttLink.connect(as("coordinator", "coordinator").silent())) {
            BlockingQueue<String> states = new LinkedBlockingQueue<>();
            coordinator.subscribe(Topics.allNodes(Topics.Kind.STATE, EXP), 1, (topic, payload) -> states.add(topic));
            coordinator.publish(Topics.plan(EXP), new byte[] {1, 2, 3}, 1, true);
            try (MqttLink one = MqttLink.connect(as("1", "1"))) {
                BlockingQueue<byte[]> plan = new LinkedBlockingQueue<>();
                one.subscribe(Topics.plan(EXP), 1, (topic, payload) -> plan.add(payload));
                assertEquals(3, plan.poll(5, TimeUnit.SECONDS).length, "devices read the retained plan");
                // other nodes' retained states from earlier tests may come first
                String topic;
                do {
                    topic = states.poll(5, TimeUnit.SECONDS);
                } while (topic != null && !topic.equals(Topics.state(EXP, "1")));
                assertEquals(Topics.state(EXP, "1"), topic);
            }
        }
    }
}
