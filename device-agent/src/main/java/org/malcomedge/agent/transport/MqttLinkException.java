package org.malcomedge.agent.transport;

import java.io.IOException;

/** A broker refused or did not answer: the message names the broker, the topic and the reason. */
public class MqttLinkException extends IOException {

    public MqttLinkException(String message) {
        super(message);
    }

    public MqttLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
