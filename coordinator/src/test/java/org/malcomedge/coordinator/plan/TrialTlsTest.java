package org.malcomedge.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.link.mqtt.MosquittoBroker;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.transport.TestFrames;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ResidualFrame;

/**
 * A trial's generated certificates on a real Mosquitto with a TLS-only listener that requires a
 * client certificate and takes its CN as the user name: devices get in with their own
 * certificate, and nothing else does; the graph's ACL still applies.
 */
class TrialTlsTest {

    private static final String EXP = "tlstrial";
    /** A ring n1-n2-n3-n4-n1. */
    private static final Map<String, Set<String>> RING = Map.of(
            "n1", Set.of("n2", "n4"), "n2", Set.of("n1", "n3"), "n3", Set.of("n2", "n4"), "n4", Set.of("n3", "n1"));

    @TempDir
    static Path dir;
    static TrialCertificates.Written certificates;
    static MosquittoBroker broker;
    static URI tls;

    @BeforeAll
    static void startBroker() throws Exception {
        MosquittoBroker.binary();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        certificates = TrialCertificates.generate(dir.resolve("tls"), List.of("n1", "n2", "n3", "n4", "coordinator"),
                List.of("broker.local", "10.0.0.1"), Duration.ofDays(2));
        int port = MosquittoBroker.freePort();
        BrokerFiles.Written files = BrokerFiles.write(dir, EXP, "coordinator", RING,
                List.of(certificates.listener(port, Optional.of("127.0.0.1"))), new SecureRandom());
        broker = MosquittoBroker.start(dir, port, Files.readString(files.config()));
        tls = URI.create("ssl://localhost:" + port);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static MqttLinkSettings device(String clientId, DeviceConfig.Tls files) {
        return MqttLinkSettings.of(tls, clientId, EXP).withTls(Optional.of(files));
    }

    @Test
    void writesOwnerOnlyKeysAndTheBrokersNames() throws Exception {
        for (Path key : List.of(certificates.caKey(), certificates.broker().key(), certificates.clients().get("n1").key())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), key.toString());
            assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"), key + " is PKCS#8");
        }
        String config = Files.readString(dir.resolve("tls").resolve(TrialCertificates.CA_CONFIG));
        assertTrue(config.contains("subjectAltName = DNS:broker.local, IP:10.0.0.1, DNS:localhost, IP:127.0.0.1\n"), config);
    }

    @Test
    void aDeviceWithItsCertificatePublishesAndReceivesOverTls() throws Exception {
        try (MqttLink two = MqttLink.connect(device("n2", certificates.deviceTls("n2")));
             MqttLink three = MqttLink.connect(device("n3", certificates.deviceTls("n3")))) {
            BlockingQueue<ResidualFrame> received = new LinkedBlockingQueue<>();
            three.subscribe(Topics.residual(EXP, "n2"), 1, (topic, payload) -> received.add(TestFrames.parse(payload)));
            ResidualFrame frame = TestFrames.frame(EXP, "n2", 0, 10, 64).build();
            two.publishFrame(frame);
            assertEquals(frame, received.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPlainConnectionToTheTlsListenerIsRefused() {
        URI plain = URI.create("tcp://127.0.0.1:" + broker.port());
        LinkException refused = assertThrows(LinkException.class,
                () -> MqttLink.connect(MqttLinkSettings.of(plain, "n1", EXP)));
        assertOneLine(refused);
        assertTrue(refused.getMessage().contains("closed the connection before answering CONNECT")
                && refused.getMessage().contains("use ssl://"), refused.getMessage());
    }

    @Test
    void anExpiredClientCertificateIsRefused() throws Exception {
        TrialCertificates.KeyPairFiles expired = TrialCertificates.issueClient(dir.resolve("tls"), "n1-expired", Duration.ofDays(-1));
        LinkException refused = assertThrows(LinkException.class, () -> MqttLink.connect(device("n1",
                new DeviceConfig.Tls(certificates.caCert(), Optional.of(expired.cert()), Optional.of(expired.key())))));
        assertOneLine(refused);
        assertTrue(refused.getMessage().contains("expired on "), refused.getMessage());
    }

    @Test
    void aCertificateFromAForeignCaIsRefused() throws Exception {
        TrialCertificates.Written foreign = TrialCertificates.generate(dir.resolve("foreign"), List.of("n1"), List.of(),
                Duration.ofDays(2));
        TrialCertificates.KeyPairFiles own = foreign.clients().get("n1");
        LinkException refused = assertThrows(LinkException.class, () -> MqttLink.connect(device("n1",
                new DeviceConfig.Tls(certificates.caCert(), Optional.of(own.cert()), Optional.of(own.key())))));
        assertOneLine(refused);
        assertTrue(refused.getMessage().contains("is not signed by the CA in broker.tls.ca"), refused.getMessage());
    }

    @Test
    void aDeviceRefusesABrokerItsCaDidNotSign() throws Exception {
        TrialCertificates.Written other = TrialCertificates.generate(dir.resolve("other"), List.of("n1"), List.of(),
                Duration.ofDays(2));
        LinkException refused = assertThrows(LinkException.class, () -> MqttLink.connect(device("n1",
                other.deviceTls("n1"))));
        assertOneLine(refused);
        assertTrue(refused.getMessage().endsWith("the broker's certificate is not signed by the CA in broker.tls.ca ("
                + other.caCert() + ")"), refused.getMessage());
    }

    @Test
    void theCertificateDecidesWhoIsWhoAndTheAclStillApplies() throws Exception {
        // n2's certificate, claiming to be n3 by client id and user name: the broker knows it as n2.
        MqttLinkSettings forger = device("n3-forger", certificates.deviceTls("n2")).silent()
                .withCredentials("n3", "any password");
        try (MqttLink three = MqttLink.connect(device("n3", certificates.deviceTls("n3")));
             MqttLink four = MqttLink.connect(device("n4", certificates.deviceTls("n4")));
             MqttLink two = MqttLink.connect(forger)) {
            BlockingQueue<ResidualFrame> received = new LinkedBlockingQueue<>();
            four.subscribe(Topics.residual(EXP, "n3"), 1, (topic, payload) -> received.add(TestFrames.parse(payload)));

            LinkException refused = assertThrows(LinkException.class, () -> two.publish(Topics.residual(EXP, "n3"),
                    TestFrames.frame(EXP, "n3", 0, 10, 32).build().toByteArray(), 1, false));
            assertTrue(refused.getMessage().contains("not authorized (0x87)"), refused.getMessage());
            ResidualFrame genuine = TestFrames.frame(EXP, "n3", 1, 10, 32).build();
            three.publishFrame(genuine);
            // The broker handles both publishes in order: had the forgery passed, it would come first.
            assertEquals(genuine, received.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aCertificateClaimingAnotherDevicesClientIdNeitherKnocksItOffNorFakesItsDeath() throws Exception {
        // n4's certificate claiming n2 by client id and user name: the CN makes it user n4, and so client n4
        ClientIdTakeover.assertTheVictimStaysAlive(device("n2", certificates.deviceTls("n2")),
                device("n2", certificates.deviceTls("n4")).withCredentials("n2", "any password"),
                device(FleetPlan.COORDINATOR, certificates.deviceTls(FleetPlan.COORDINATOR)));
    }

    /** What the operator reads: one line naming the broker, the client and the reason. */
    private static void assertOneLine(LinkException refused) {
        String message = refused.getMessage();
        assertTrue(message.startsWith("cannot connect to ") && !message.contains("\n"), message);
    }
}
