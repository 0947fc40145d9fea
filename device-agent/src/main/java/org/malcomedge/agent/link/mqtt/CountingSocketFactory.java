package org.malcomedge.agent.link.mqtt;

import java.net.Socket;

/**
 * The socket factory under Paho for tcp:// brokers: every socket counts the bytes it carries into
 * the connection's ledger. Paho creates unconnected sockets and connects them itself.
 */
final class CountingSocketFactory extends ConnectingSocketFactory {

    CountingSocketFactory(SocketLedger ledger) {
        super(() -> {
            Socket socket = new CountingSocket(ledger);
            // A frame is one small PUBLISH answered by a PUBACK: Nagle's algorithm would hold it back
            // for the previous segment's delayed ACK (up to 40 ms on Linux) in every round.
            socket.setTcpNoDelay(true);
            return ledger.track(socket);
        });
    }
}
