package org.malcomedge.agent.link.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.selftest.BrokerCheck;
import org.malcomedge.agent.selftest.ClockCheck;
import org.malcomedge.agent.selftest.SelfCheck;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ResidualFrame;
import org.malcomedge.agent.link.SocketBytes;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.transport.FrameFilter;
import org.malcomedge.agent.transport.TestFrames;

/** Mutual TLS to a real Mosquitto with PEM files made by openssl; the sockets count the encrypted bytes. */
class MqttLinkTlsTest {

    private static final String EXP = "tlstest";

    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static URI uri;

    @BeforeAll
    static void startBroker() throws Exception {
        MosquittoBroker.binary();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=malcom test CA");
        signed("server", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        signed("a", "a", "basicConstraints=CA:FALSE");
        int port = MosquittoBroker.freePort();
        broker = MosquittoBroker.start(dir, port, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.pem"),
                "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"),
                "require_certificate true",
                "allow_anonymous true"));
        uri = URI.create("ssl://localhost:" + port);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static void signed(String name, String commonName, String extension) throws Exception {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + commonName);
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "openssl " + String.join(" ", args) + ": " + output);
    }

    private static DeviceConfig.Tls tls(boolean withClientCertificate) {
        return new DeviceConfig.Tls(dir.resolve("ca.pem"),
                withClientCertificate ? Optional.of(dir.resolve("a.pem")) : Optional.empty(),
                withClientCertificate ? Optional.of(dir.resolve("a.key")) : Optional.empty());
    }

    @Test
    void framesCrossMutualTlsAndTheSocketsCountTheEncryptedBytes() throws Exception {
        try (MqttLink a = MqttLink.connect(MqttLinkSettings.of(uri, "a", EXP).withTls(Optional.of(tls(true))))) {
            BlockingQueue<ResidualFrame> received = new LinkedBlockingQueue<>();
            a.subscribe(Topics.residual(EXP, "a"), 1,
                    new FrameFilter(EXP, "a", Set.of("a"), Set.of("a"), 10, 1 << 20).into(received::add));
            SocketBytes handshake = a.socketBytes();
            ResidualFrame frame = TestFrames.frame(EXP, "a", 0, 10, 5_000).build();
            a.publishFrame(frame);
            assertEquals(frame, received.poll(5, TimeUnit.SECONDS));

            // The handshake alone carried the broker's certificate; then the frame went out and came back.
            assertTrue(handshake.received() > 300, "handshake " + handshake);
            SocketBytes traffic = a.socketBytes().minus(handshake);
            int size = frame.getSerializedSize();
            assertTrue(traffic.sent() > size && traffic.received() > size, traffic + " for " + size);
            assertTrue(traffic.total() < 2 * size + 1024, "TLS records add tens of bytes, not more: " + traffic);
        }
    }

    @Test
    void aClientWithoutCertificateIsRefused() {
        LinkException refused = assertThrows(LinkException.class,
                () -> MqttLink.connect(MqttLinkSettings.of(uri, "b", EXP).withTls(Optional.of(tls(false)))));
        assertTrue(refused.getMessage().contains("give broker.tls.cert and broker.tls.key"), refused.getMessage());
    }

    @Test
    void selftestHandshakesWithTheBrokerAndFindsTheClockInsideTheCertificates() throws Exception {
        Optional<DeviceConfig> config = Optional.of(new DeviceConfig("a", EXP, new DeviceConfig.Broker(uri, Optional.empty(),
                Optional.empty(), Optional.empty(), java.time.Duration.ofSeconds(30), Optional.of(tls(true))),
                new DeviceConfig.Data("digits", Optional.empty(), Optional.empty()),
                new DeviceConfig.Checkpoint(dir.resolve("checkpoints"), 10),
                new DeviceConfig.Trainer(DeviceConfig.Backend.JAVA, 1), Optional.empty(), Optional.empty()));
        SelfCheck.Outcome broker = new BrokerCheck(() -> config, java.time.Duration.ofSeconds(10)).run();
        assertEquals(SelfCheck.Status.PASS, broker.status(), broker.detail());
        assertTrue(broker.detail().matches("TCP connect to localhost port \\d+ in [\\d.]+ ms; TLSv1\\.[23] handshake, "
                + "broker certificate CN=localhost valid until .+"), broker.detail());

        java.nio.file.Path flag = dir.resolve("no-such-flag");
        SelfCheck.Outcome now = new ClockCheck(java.time.Clock.systemUTC(), () -> Optional.of(tls(true)), flag).run();
        assertEquals(SelfCheck.Status.PASS, now.status(), now.detail());
        assertTrue(now.detail().endsWith("not known to be synchronized, inside the TLS certificates' validity"), now.detail());
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofDays(3));
        SelfCheck.Outcome expired = new ClockCheck(later, () -> Optional.of(tls(true)), flag).run();
        assertEquals(SelfCheck.Status.FAIL, expired.status());
        assertTrue(expired.detail().contains("broker.tls.ca " + dir.resolve("ca.pem") + " expired on "), expired.detail());
    }
}
