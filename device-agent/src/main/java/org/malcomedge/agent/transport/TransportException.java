package org.malcomedge.agent.transport;

/**
 * A transport could not move a frame (the broker refused it or did not answer). Unchecked because
 * {@link Transport#publish} declares no exceptions; the message names the node, the topic and why.
 */
public class TransportException extends RuntimeException {

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
