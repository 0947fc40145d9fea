package org.malcomedge.agent.link.mqtt;

import java.util.Optional;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Paho requests and their acknowledgements: reason codes read, outages told apart from refusals. */
final class Acks {

    static final int QOS_ACKED = 1;
    private static final int FIRST_ERROR_REASON = 0x80;
    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);

    private Acks() {
    }

    static MqttMessage message(byte[] payload, boolean retained, int qos) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retained);
        return m;
    }

    /** Waits for the broker's acknowledgement; its first error reason code, described, if any. */
    static Optional<String> acknowledgement(IMqttToken token, long timeoutMillis) throws MqttException {
        token.waitForCompletion(timeoutMillis);
        return refusal(token);
    }

    static Optional<String> refusal(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        if (codes == null) {
            return Optional.empty();
        }
        for (int code : codes) {
            if (code >= FIRST_ERROR_REASON) {
                return Optional.of(ReasonCodes.describe(code));
            }
        }
        return Optional.empty();
    }

    /**
     * Failures that say the connection went (or timed out) under a request, not that the broker
     * refused it: a subscription stands again after the reconnect, a publish was lost with the
     * connection. Paho fails the requests in flight with whatever took the connection down (reason
     * 0 when a callback threw, 32204 when the broker sent DISCONNECT, ...), and marks the client
     * disconnected before it does: a failure on a client no longer connected is the outage's.
     */
    static boolean cutByOutage(MqttAsyncClient client, MqttException e) {
        int code = e.getReasonCode();
        return !client.isConnected()
                || code == MqttClientException.REASON_CODE_CONNECTION_LOST
                || code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
                || code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT;
    }

    static String describe(MqttException e) {
        int code = e.getReasonCode();
        if (code == MqttException.REASON_CODE_CLIENT_EXCEPTION && e.getCause() != null) {
            return "client exception (0): " + e.getCause(); // Paho's own text is "Untranslated MqttException"
        }
        String text = e.getMessage();
        return code >= FIRST_ERROR_REASON && code <= 0xFF ? ReasonCodes.describe(code) : text + " (" + code + ")";
    }

    /**
     * For requests nobody waits on (they are made on Paho's callback thread): failures and refusals
     * are logged, then {@code then} runs either way.
     */
    static MqttActionListener logging(String clientId, String what, Runnable then) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                refusal(token).ifPresent(reason -> log.warn("{}: broker refused {}: {}", clientId, what, reason));
                then.run();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                log.warn("{}: {} failed: {}", clientId, what, e.getMessage());
                then.run();
            }
        };
    }
}
