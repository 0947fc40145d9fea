package org.malcomedge.agent.link.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * A socket factory whose connecting methods connect one of its own unconnected sockets: Paho asks
 * for either kind, and every socket must be one that counts its bytes.
 */
class ConnectingSocketFactory extends SocketFactory {

    /** Makes an unconnected socket. */
    @FunctionalInterface
    interface Unconnected {
        Socket create() throws IOException;
    }

    private final Unconnected unconnected;

    ConnectingSocketFactory(Unconnected unconnected) {
        this.unconnected = unconnected;
    }

    @Override
    public Socket createSocket() throws IOException {
        return unconnected.create();
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
