package org.malcomedge.agent.link.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The socket factory under Paho for ssl:// brokers. Paho asks for an unconnected {@link SSLSocket},
 * connects it, then handshakes; the socket returned here layers TLS over a {@link CountingSocket}
 * at connect time, so the ledger counts the encrypted bytes on the wire (records, handshake and
 * all), not the plaintext.
 */
final class CountingSslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory tls;
    private final SocketLedger ledger;
    private final ConnectingSocketFactory connecting = new ConnectingSocketFactory(this::createSocket);

    CountingSslSocketFactory(SSLSocketFactory tls, SocketLedger ledger) {
        this.tls = tls;
        this.ledger = ledger;
    }

    @Override
    public Socket createSocket() {
        return new LayeredSslSocket(this::layer);
    }

    /** TLS over an already connected socket; our own counting socket when we made it. */
    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        return tls.createSocket(plain, host, port, autoClose);
    }

    // Paho connects the sockets itself; these are for callers that want them connected.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connecting.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connecting.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connecting.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connecting.createSocket(address, port, localAddress, localPort);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    private SSLSocket layer(InetSocketAddress remote, InetSocketAddress local, int timeoutMillis) throws IOException {
        CountingSocket plain = ledger.track(new CountingSocket(ledger));
        try {
            if (local != null) {
                plain.bind(local);
            }
            plain.connect(remote, timeoutMillis);
            SSLSocket socket = (SSLSocket) tls.createSocket(plain, remote.getHostString(), remote.getPort(), true);
            socket.setUseClientMode(true);
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }
}
