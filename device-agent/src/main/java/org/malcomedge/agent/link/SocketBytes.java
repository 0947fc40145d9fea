package org.malcomedge.agent.link;

/**
 * Bytes one MQTT connection's sockets really carried (TLS records and MQTT framing included),
 * summed over every socket the connection opened, reconnects included.
 */
public record SocketBytes(long received, long sent) {

    public long total() {
        return received + sent;
    }

    public SocketBytes minus(SocketBytes earlier) {
        return new SocketBytes(received - earlier.received, sent - earlier.sent);
    }
}
