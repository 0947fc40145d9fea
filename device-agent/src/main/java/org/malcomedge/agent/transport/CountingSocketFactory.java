package org.malcomedge.agent.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The socket factory under Paho for tcp:// brokers: every socket counts the bytes it carries into
 * the connection's ledger. Paho creates unconnected sockets and connects them itself.
 */
final class CountingSocketFactory extends SocketFactory {

    private final SocketLedger ledger;

    CountingSocketFactory(SocketLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new CountingSocket(ledger);
        // A frame is one small PUBLISH answered by a PUBACK: Nagle's algorithm would hold it back
        // for the previous segment's delayed ACK (up to 40 ms on Linux) in every round.
        socket.setTcpNoDelay(true);
        return ledger.track(socket);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return SocketLedger.connect(createSocket(), new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return SocketLedger.connect(createSocket(), new InetSocketAddress(host, port),
                new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return SocketLedger.connect(createSocket(), new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return SocketLedger.connect(createSocket(), new InetSocketAddress(address, port),
                new InetSocketAddress(localAddress, localPort));
    }
}
