package org.malcomedge.coordinator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.transport.FrameFilter;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.link.SocketBytes;
import org.malcomedge.agent.transport.TestFrames;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.ResidualFrame;

class EmbeddedBrokerTest {

    private static final String EXP = "embedded";

    @Test
    void framesCrossTheEmbeddedBrokerAndItStopsCleanly() throws Exception {
        int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            port = broker.port();
            System.out.printf("embedded HiveMQ CE started in %d ms%n", broker.startTime().toMillis());
            try (MqttLink a = MqttLink.connect(MqttLinkSettings.of(broker.uri(), "a", EXP));
                 MqttLink b = MqttLink.connect(MqttLinkSettings.of(broker.uri(), "b", EXP))) {
                BlockingQueue<ResidualFrame> received = new LinkedBlockingQueue<>();
                BlockingQueue<byte[]> states = new LinkedBlockingQueue<>();
                FrameFilter filter = new FrameFilter(EXP, "b", Set.of("a", "b"), Set.of("a"), 100, 1 << 20);
                b.subscribe(Topics.residual(EXP, "a"), 1, filter.into(received::add));
                b.subscribe(Topics.state(EXP, "a"), 1, (topic, payload) -> states.add(payload));
                SocketBytes before = a.socketBytes();

                ResidualFrame frame = TestFrames.frame(EXP, "a", 0, 100, 10_000).build();
                a.publishFrame(frame);

                assertEquals(frame, received.poll(10, TimeUnit.SECONDS));
                assertEquals(NodeState.Status.BIRTH, NodeState.parseFrom(states.poll(10, TimeUnit.SECONDS)).getStatus(), "retained birth");
                SocketBytes sent = a.socketBytes().minus(before);
                assertTrue(sent.sent() >= frame.getSerializedSize() && sent.total() < frame.getSerializedSize() + 1024,
                        sent + " for a frame of " + frame.getSerializedSize() + " bytes");
            }
        }
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "the listener is gone after close");
    }
}
