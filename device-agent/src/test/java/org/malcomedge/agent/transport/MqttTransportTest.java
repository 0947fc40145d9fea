package org.malcomedge.agent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.malcomedge.wire.ResidualFrame;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.link.mqtt.MosquittoPerClass;

/** MqttTransport over a real Mosquitto started by the test. */
class MqttTransportTest {

    private static final String EXP = "transporttest";
    private static final int D = 1000;

    @RegisterExtension
    static final MosquittoPerClass broker = new MosquittoPerClass();

    private static MqttTransport node(String id) throws LinkException {
        return MqttTransport.connect(MqttLinkSettings.of(broker.uri(), id, EXP));
    }

    @Test
    void residualsReachSubscribersAndSocketsCountAtLeastTheFrames() throws Exception {
        try (MqttTransport a = node("a"); MqttTransport b = node("b"); MqttTransport c = node("c")) {
            BlockingQueue<ResidualFrame> atB = new LinkedBlockingQueue<>();
            BlockingQueue<ResidualFrame> atC = new LinkedBlockingQueue<>();
            AtomicLong delivered = new AtomicLong();
            b.addTrafficListener(new Transport.TrafficListener() {
                @Override
                public void delivered(ResidualFrame frame, int frameBytes) {
                    delivered.addAndGet(frameBytes);
                }
            });
            b.subscribe("a", atB::add);
            c.subscribe("a", atC::add);
            long before = a.socketBytes().sent();

            ResidualFrame frame = TestFrames.frame(EXP, "a", 0, D, 5_000).build();
            a.publish(frame);

            assertEquals(frame, atB.poll(5, TimeUnit.SECONDS));
            assertEquals(frame, atC.poll(5, TimeUnit.SECONDS));
            assertEquals(frame.getSerializedSize(), delivered.get());
            long sent = a.socketBytes().sent() - before;
            assertTrue(sent >= frame.getSerializedSize(), "socket " + sent + " < frame " + frame.getSerializedSize());

            c.unsubscribe("a");
            a.publish(TestFrames.frame(EXP, "a", 1, D, 100).build());
            assertEquals(1, atB.poll(5, TimeUnit.SECONDS).getSeq());
            assertNull(atC.poll(300, TimeUnit.MILLISECONDS), "c unsubscribed from a");
        }
    }

    @Test
    void aKeyframeRequestOnTheRequestersTopicIsServedByTheNodeItNames() throws Exception {
        try (MqttTransport a = node("ka"); MqttTransport b = node("kb")) {
            ResidualFrame keyframe = TestFrames.frame(EXP, "ka", 3, D, 800).setKeyframe(true).build();
            a.onKeyframeRequest(() -> a.publish(keyframe));
            a.subscribe("kb", frame -> { }); // the edge's other direction carries the request
            BlockingQueue<ResidualFrame> atB = new LinkedBlockingQueue<>();
            b.subscribe("ka", atB::add);

            b.requestKeyframe("ka");

            assertEquals(keyframe, atB.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFrameOfAnotherNodeIsRefusedWithAnUncheckedErrorNamingTheNode() throws Exception {
        try (MqttTransport a = node("xa")) {
            assertThrows(IllegalArgumentException.class, () -> a.publish(TestFrames.frame(EXP, "other", 0, D, 10).build()));
            ResidualFrame tooBig = TestFrames.frame(EXP, "xa", 0, D, MqttLinkSettings.DEFAULT_MAX_FRAME_BYTES + 1).build();
            TransportException e = assertThrows(TransportException.class, () -> a.publish(tooBig));
            assertTrue(e.getMessage().contains("node xa cannot publish"), e.getMessage());
        }
    }
}
