package org.malcomedge.agent.link.mqtt;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;

/** A link's requests on one connected client, each awaited within the settings' timeout, failures worded for the user. */
final class Requests {

    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);
    private static final int NORMAL_DISCONNECTION = 0x00;

    private final MqttLinkSettings settings;
    private final long timeoutMillis;

    Requests(MqttLinkSettings settings) {
        this.settings = settings;
        this.timeoutMillis = settings.timeout().toMillis();
    }

    /** Hands the message to Paho; the acknowledgement is checked by the returned {@link FleetLink.Sent}. */
    FleetLink.Sent publish(MqttAsyncClient client, String topic, MqttMessage message) throws LinkException {
        IMqttToken token;
        try {
            token = publishWhenASlotFrees(client, topic, message, timeoutMillis);
        } catch (MqttException e) {
            publishFailed(client, topic, message.getQos(), e);
            return FleetLink.Sent.CONFIRMED;
        }
        if (message.getQos() == 0) {
            return FleetLink.Sent.CONFIRMED;
        }
        return () -> {
            Optional<String> refused;
            try {
                refused = Acks.acknowledgement(token, timeoutMillis);
            } catch (MqttException e) {
                publishFailed(client, topic, message.getQos(), e);
                return;
            }
            if (refused.isPresent()) {
                throw new LinkException("broker " + settings.broker() + " refused the message on " + topic
                        + " from '" + settings.clientId() + "': " + refused.get());
            }
        };
    }

    /** Longest wait between two tries of a publish Paho refused for want of a free slot. */
    private static final long MAX_SLOT_WAIT_MILLIS = 50;

    /**
     * {@code client.publish}, tried again while Paho refuses it as "too many publishes in progress"
     * (32202), until the timeout. Paho frees a QoS 1 slot on its callback thread, after the
     * acknowledgement has already woken the caller (paho.mqtt.java#551). So acknowledged publishes
     * sent back to back can find every slot still taken when that thread lags, as on a loaded
     * machine. The slots free within milliseconds. Never called on Paho's callback thread, which
     * frees them.
     */
    static IMqttToken publishWhenASlotFrees(MqttAsyncClient client, String topic, MqttMessage message, long timeoutMillis)
            throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long waitMillis = 1;
        while (true) {
            try {
                return client.publish(topic, message);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT, e);
            }
            waitMillis = Math.min(MAX_SLOT_WAIT_MILLIS, 2 * waitMillis);
        }
    }

    /** Returns when an outage cut the message off (see {@link MqttLink#publish}), else throws. */
    private void publishFailed(MqttAsyncClient client, String topic, int qos, MqttException e)
            throws LinkException {
        if (qos > 0 && Acks.cutByOutage(client, e)) {
            log.info("{}: {} on {}: lost with the connection", settings.clientId(), Acks.describe(e), topic);
            return;
        }
        throw new LinkException("cannot publish on " + topic + " via " + settings.broker() + ": "
                + Acks.describe(e), e);
    }

    /**
     * @return the broker's refusal, if it refused
     * @throws LinkException when the request failed for another reason than an outage (which the reconnect repairs)
     */
    Optional<String> subscribe(MqttAsyncClient client, String topicFilter, int qos) throws LinkException {
        try {
            return Acks.acknowledgement(client.subscribe(new MqttSubscription(topicFilter, qos)), timeoutMillis);
        } catch (MqttException e) {
            if (Acks.cutByOutage(client, e)) {
                return Optional.empty(); // kept: made again on the reconnect
            }
            throw new LinkException("cannot subscribe to " + topicFilter + " via " + settings.broker() + ": "
                    + Acks.describe(e), e);
        }
    }

    void unsubscribe(MqttAsyncClient client, String... topicFilters) throws LinkException {
        try {
            client.unsubscribe(topicFilters).waitForCompletion(timeoutMillis);
        } catch (MqttException e) {
            throw new LinkException("cannot unsubscribe from " + String.join(", ", topicFilters) + ": "
                    + Acks.describe(e), e);
        }
    }

    /** DISCONNECT with reason 0x00 (the broker discards the will), awaited; then the client is closed either way. */
    void disconnect(MqttAsyncClient client) {
        try {
            client.disconnect(timeoutMillis, null, null, NORMAL_DISCONNECTION, new MqttProperties())
                    .waitForCompletion(timeoutMillis);
        } catch (MqttException e) {
            log.warn("{}: unclean disconnect from {}: {}", settings.clientId(), settings.broker(), Acks.describe(e));
        } finally {
            close(client);
        }
    }

    void close(MqttAsyncClient client) {
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("{}: close: {}", settings.clientId(), e.getMessage());
        }
    }
}
