package org.malcomedge.agent.link.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.function.BiFunction;
import java.util.List;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * An unconnected {@link SSLSocket} as Paho wants one; {@link #connect} opens the real TLS socket over
 * a counting plain socket and every call after that goes to it. Paho touches nothing TLS-specific
 * before connecting (SSLNetworkModule.start: connect, then ciphers, parameters, handshake), so the
 * TLS calls refuse to run unconnected instead of buffering settings.
 */
final class LayeredSslSocket extends SSLSocket {

    @FunctionalInterface
    interface Layering {
        SSLSocket open(InetSocketAddress remote, InetSocketAddress local, int timeoutMillis) throws IOException;
    }

    private final Layering layering;
    private InetSocketAddress local;
    private volatile SSLSocket tls;
    private volatile boolean closed;

    LayeredSslSocket(Layering layering) {
        this.layering = layering;
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        if (!(bindpoint == null || bindpoint instanceof InetSocketAddress)) {
            throw new SocketException("unsupported address type " + bindpoint.getClass().getName());
        }
        local = (InetSocketAddress) bindpoint;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public synchronized void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress remote)) {
            throw new SocketException("unsupported address " + endpoint);
        }
        if (tls != null || closed) {
            throw new SocketException(closed ? "socket is closed" : "already connected");
        }
        tls = layering.open(remote, local, timeout);
    }

    private SSLSocket tls() throws SocketException {
        SSLSocket socket = tls;
        if (socket == null) {
            throw new SocketException(closed ? "socket is closed" : "socket is not connected yet");
        }
        return socket;
    }

    private SSLSocket tlsUnchecked() {
        SSLSocket socket = tls;
        if (socket == null) {
            throw new IllegalStateException("TLS socket is not connected yet");
        }
        return socket;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return tls().getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return tls().getOutputStream();
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (tls != null) {
            tls.close();
        }
    }

    @Override
    public boolean isConnected() {
        return tls != null && tls.isConnected();
    }

    @Override
    public boolean isBound() {
        return tls != null && tls.isBound();
    }

    @Override
    public boolean isClosed() {
        return closed || (tls != null && tls.isClosed());
    }

    @Override
    public InetAddress getInetAddress() {
        return tls == null ? null : tls.getInetAddress();
    }

    @Override
    public int getPort() {
        return tls == null ? 0 : tls.getPort();
    }

    @Override
    public int getLocalPort() {
        return tls == null ? -1 : tls.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return tls == null ? null : tls.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return tls == null ? null : tls.getLocalSocketAddress();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        tls().setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return tls().getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        tls().setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return tls().getTcpNoDelay();
    }

    @Override
    public void shutdownInput() throws IOException {
        tls().shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        tls().shutdownOutput();
    }

    @Override
    public void startHandshake() throws IOException {
        tls().startHandshake();
    }

    @Override
    public SSLSession getSession() {
        return tlsUnchecked().getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return tlsUnchecked().getHandshakeSession();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return tlsUnchecked().getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        tlsUnchecked().setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return tlsUnchecked().getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return tlsUnchecked().getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
        tlsUnchecked().setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tlsUnchecked().getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return tlsUnchecked().getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        tlsUnchecked().setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return tlsUnchecked().getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return tlsUnchecked().getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        tlsUnchecked().setEnabledProtocols(protocols);
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        tlsUnchecked().addHandshakeCompletedListener(listener);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        tlsUnchecked().removeHandshakeCompletedListener(listener);
    }

    @Override
    public void setUseClientMode(boolean mode) {
        tlsUnchecked().setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return tlsUnchecked().getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        tlsUnchecked().setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return tlsUnchecked().getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        tlsUnchecked().setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return tlsUnchecked().getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        tlsUnchecked().setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return tlsUnchecked().getEnableSessionCreation();
    }

    @Override
    public String toString() {
        return "LayeredSslSocket[" + (tls == null ? "unconnected" : tls) + "]";
    }
}
