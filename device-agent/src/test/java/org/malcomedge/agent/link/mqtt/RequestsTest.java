package org.malcomedge.agent.link.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/** A publish Paho refuses for want of a free in-flight slot (paho.mqtt.java#551) waits for one. */
class RequestsTest {

    /** A client (never connected) whose publish fails with {@code reason} the first {@code refusals} times. */
    private static final class Refusing extends MqttAsyncClient {
        final AtomicInteger tries = new AtomicInteger();
        private final int refusals;
        private final int reason;

        Refusing(int refusals, int reason) throws MqttException {
            super("tcp://127.0.0.1:1", "refusing", new MemoryPersistence());
            this.refusals = refusals;
            this.reason = reason;
        }

        @Override
        public IMqttToken publish(String topic, MqttMessage message) throws MqttException {
            if (tries.incrementAndGet() <= refusals) {
                throw new MqttException(reason);
            }
            return null;
        }
    }

    @Test
    void tooManyPublishesInProgressIsTriedAgainUntilASlotFrees() throws Exception {
        Refusing client = new Refusing(4, MqttClientException.REASON_CODE_MAX_INFLIGHT);
        Requests.publishWhenASlotFrees(client, "t", new MqttMessage(new byte[1]), 60_000);
        assertEquals(5, client.tries.get(), "four refusals, then the publish");
    }

    @Test
    void anyOtherRefusalFailsAtOnce() throws Exception {
        Refusing client = new Refusing(1, MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
        MqttException e = assertThrows(MqttException.class,
                () -> Requests.publishWhenASlotFrees(client, "t", new MqttMessage(new byte[1]), 60_000));
        assertEquals(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED, e.getReasonCode());
        assertEquals(1, client.tries.get());
    }

    @Test
    void aSlotThatNeverFreesFailsAfterTheTimeout() throws Exception {
        Refusing client = new Refusing(Integer.MAX_VALUE, MqttClientException.REASON_CODE_MAX_INFLIGHT);
        MqttException e = assertThrows(MqttException.class,
                () -> Requests.publishWhenASlotFrees(client, "t", new MqttMessage(new byte[1]), 0));
        assertEquals(MqttClientException.REASON_CODE_MAX_INFLIGHT, e.getReasonCode());
    }
}
