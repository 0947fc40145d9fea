package org.malcomedge.agent.link;

import java.io.IOException;

/** A broker refused or did not answer: the message names the broker, the topic and the reason. */
public class LinkException extends IOException {

    public LinkException(String message) {
        super(message);
    }

    public LinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
