package org.malcomedge.agent.link.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.ResidualFrame;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.SocketBytes;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.transport.FrameFilter;
import org.malcomedge.agent.transport.TestFrames;

/** MqttLink over a real Mosquitto started by the test. */
class MqttLinkTest {

    private static final String EXP = "linktest";
    private static final int D = 1000;

    @TempDir
    static Path dir;
    static MosquittoBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.startAnonymous(dir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static MqttLink node(String id) throws LinkException {
        return MqttLink.connect(MqttLinkSettings.of(broker.uri(), id, EXP).withReconnectDelay(Duration.ofSeconds(1)));
    }

    private static FrameFilter filterOf(String self, String... neighbours) {
        return new FrameFilter(EXP, self, Set.of("a", "b", "c", "d", "e", "f", "g", "h"), Set.of(neighbours), D,
                MqttLinkSettings.DEFAULT_MAX_FRAME_BYTES);
    }

    @Test
    void framesCrossTheBrokerAndTheSocketsCountThem() throws Exception {
        try (MqttLink a = node("a"); MqttLink b = node("b")) {
            BlockingQueue<ResidualFrame> residuals = new LinkedBlockingQueue<>();
            BlockingQueue<ResidualFrame> keyframes = new LinkedBlockingQueue<>();
            FrameFilter filter = filterOf("b", "a");
            b.subscribe(Topics.residual(EXP, "a"), 1, filter.into(residuals::add));
            b.subscribe(Topics.keyframe(EXP, "a"), 1, filter.into(keyframes::add));
            SocketBytes aBefore = a.socketBytes();
            SocketBytes bBefore = b.socketBytes();

            ResidualFrame frame = TestFrames.frame(EXP, "a", 0, D, 20_000).build();
            ResidualFrame keyframe = TestFrames.frame(EXP, "a", 1, D, 4_000).setKeyframe(true).build();
            a.publishFrame(frame);
            a.publishFrame(keyframe);

            assertEquals(frame, residuals.poll(5, TimeUnit.SECONDS));
            assertEquals(keyframe, keyframes.poll(5, TimeUnit.SECONDS));
            assertEquals(0, filter.dropped());

            int frameBytes = frame.getSerializedSize() + keyframe.getSerializedSize();
            SocketBytes sent = a.socketBytes().minus(aBefore);
            SocketBytes received = b.socketBytes().minus(bBefore);
            assertTrue(sent.sent() >= frameBytes, sent + " < " + frameBytes);
            assertTrue(received.received() >= frameBytes, received + " < " + frameBytes);
            // Two PUBLISH headers with the topic (~50 bytes each) and two PUBACKs: far below 1 KiB.
            assertTrue(sent.total() < frameBytes + 1024, "implausible overhead: " + sent + " for " + frameBytes);
            assertTrue(received.total() < frameBytes + 1024, "implausible overhead: " + received + " for " + frameBytes);
        }
    }

    @Test
    void refusesToPublishAFrameAboveTheMaximumSize() throws Exception {
        try (MqttLink a = MqttLink.connect(MqttLinkSettings.of(broker.uri(), "c", EXP).withMaxFrameBytes(1000))) {
            LinkException e = assertThrows(LinkException.class,
                    () -> a.publishFrame(TestFrames.frame(EXP, "c", 0, D, 2000).build()));
            assertTrue(e.getMessage().contains("maximum frame size 1000"), e.getMessage());
        }
    }

    @Test
    void theWillAnnouncesDeathWhenAClientIsKilledAndCloseAnnouncesLeave() throws Exception {
        BlockingQueue<NodeState> states = new LinkedBlockingQueue<>();
        try (MqttLink observer = MqttLink.connect(MqttLinkSettings.of(broker.uri(), "observer", EXP).silent())) {
            observer.subscribe(Topics.allNodes(Topics.Kind.STATE, EXP), 1, (topic, payload) -> states.add(parse(payload)));
            MqttLink victim = node("d");
            assertEquals(NodeState.Status.BIRTH, next(states, "d").getStatus());

            victim.crash();
            NodeState death = next(states, "d");
            assertEquals(NodeState.Status.DEATH, death.getStatus());

            MqttLink returning = node("d");
            assertEquals(NodeState.Status.BIRTH, next(states, "d").getStatus());
            returning.close();
            assertEquals(NodeState.Status.LEAVE, next(states, "d").getStatus());
        }
    }

    @Test
    void subscriptionsWorkAgainAfterTheBrokerRestarts() throws Exception {
        try (MqttLink e = node("e"); MqttLink f = node("f")) {
            BlockingQueue<ResidualFrame> received = new LinkedBlockingQueue<>();
            f.subscribe(Topics.residual(EXP, "e"), 1, filterOf("f", "e").into(received::add));
            e.publishFrame(TestFrames.frame(EXP, "e", 0, D, 100).build());
            assertNotNull(received.poll(5, TimeUnit.SECONDS));

            broker.restart(); // same port; the new broker knows no session and no subscription
            awaitReconnect(e);
            awaitReconnect(f);
            ResidualFrame after = TestFrames.frame(EXP, "e", 1, D, 100).build();
            e.publishFrame(after);
            assertEquals(after, received.poll(5, TimeUnit.SECONDS));
        }
    }

    /**
     * However Paho words a request the connection took down with it (here reason 0, "client
     * exception", the reason it gives when a callback throws; elsewhere 32109, 32104 or a timeout),
     * it is lost with the connection, not a failure of the link: the reconnect repairs it.
     */
    @Test
    void aPublishCutOffByTheConnectionIsNoFailureWhateverReasonPahoGives() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MqttLink g = node("g"); MqttLink h = node("h")) {
            g.subscribe(EXP + "/poison", 1, (topic, payload) -> {
                inHandler.countDown();
                awaitQuietly(release);
                throw new HandlerBug(); // an Error passes the link's guard: Paho drops the connection
            });
            h.publish(EXP + "/poison", new byte[1], 1, false);
            assertTrue(inHandler.await(5, TimeUnit.SECONDS), "the poison message arrived");
            FleetLink.Sent cutOff;
            broker.pause(); // no PUBACK can come: the publish below stays in flight
            try {
                cutOff = g.send(EXP + "/x", new byte[1], 1, false);
                release.countDown();
                cutOff.confirm(); // Paho fails the token with the handler's exception as the connection goes
            } finally {
                broker.resume();
            }
            awaitReconnect(g);
            BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            h.subscribe(EXP + "/after", 1, (topic, payload) -> received.add(payload));
            g.publish(EXP + "/after", new byte[] {7}, 1, false);
            assertEquals(7, received.poll(5, TimeUnit.SECONDS)[0], "the link works again after the reconnect");
        }
    }

    /** Stands for a bug in a message handler that is not a RuntimeException. */
    private static final class HandlerBug extends Error {
        HandlerBug() {
            super("handler bug (on purpose)");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitReconnect(MqttLink link) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (link.connects() < 2 || !link.isConnected()) {
            assertTrue(System.nanoTime() < deadline, link.settings().clientId() + " did not reconnect");
            Thread.sleep(20);
        }
        // connectComplete subscribes asynchronously; a round trip through the broker settles it
        Thread.sleep(200);
    }

    private static NodeState next(BlockingQueue<NodeState> states, String node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            NodeState s = states.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && s.getNode().equals(node)) {
                return s;
            }
        }
        throw new AssertionError("no state message from " + node);
    }

    private static NodeState parse(byte[] payload) {
        try {
            return NodeState.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
