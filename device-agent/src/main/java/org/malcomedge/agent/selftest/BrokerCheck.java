package org.malcomedge.agent.selftest;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.malcomedge.agent.link.mqtt.PemTls;
import org.malcomedge.firmware.config.DeviceConfig;

/**
 * The config's broker can be reached: a TCP connect to its host and port and, for ssl:// and
 * wss://, a TLS handshake with the config's CA (and client certificate), the broker's name checked
 * as the agent's MQTT client checks it. A broker that wants a client certificate may still refuse
 * it after a TLS 1.3 handshake; the agent's first connect names that.
 */
public final class BrokerCheck implements SelfCheck {

    private final Supplier<Optional<DeviceConfig>> config;
    private final Duration timeout;

    public BrokerCheck(Supplier<Optional<DeviceConfig>> config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public Outcome run() throws Exception {
        Optional<DeviceConfig> device = config.get();
        if (device.isEmpty()) {
            return Outcome.fail("not checked: the config did not load");
        }
        DeviceConfig.Broker broker = device.get().broker();
        URI uri = broker.uri();
        int port = uri.getPort() > 0 ? uri.getPort() : switch (uri.getScheme()) {
            case "ssl" -> 8883;
            case "ws" -> 80;
            case "wss" -> 443;
            default -> 1883;
        };
        Socket socket = new Socket();
        try {
            long start = System.nanoTime();
            try {
                socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            } catch (java.net.UnknownHostException e) {
                return Outcome.fail(uri + ": cannot resolve the host name " + uri.getHost());
            } catch (java.io.IOException e) {
                return Outcome.fail(uri + ": cannot reach " + uri.getHost() + " port " + port + " (" + e.getMessage() + ")");
            }
            String tcp = String.format(java.util.Locale.ROOT, "TCP connect to %s port %d in %.1f ms", uri.getHost(), port,
                    (System.nanoTime() - start) / 1e6);
            if (!broker.secure()) {
                return Outcome.pass(tcp);
            }
            if (broker.tls().isEmpty()) {
                return Outcome.fail(uri + " needs broker.tls");
            }
            SSLSocket tls = (SSLSocket) PemTls.socketFactory(broker.tls().get()).createSocket(socket, uri.getHost(), port, true);
            socket = tls;
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout((int) timeout.toMillis());
            try {
                tls.startHandshake();
            } catch (java.io.IOException e) {
                return Outcome.fail(tcp + ", but the TLS handshake failed: " + e.getMessage());
            }
            X509Certificate peer = (X509Certificate) tls.getSession().getPeerCertificates()[0];
            return Outcome.pass(tcp + "; " + tls.getSession().getProtocol() + " handshake, broker certificate "
                    + peer.getSubjectX500Principal().getName() + " valid until " + peer.getNotAfter().toInstant());
        } finally {
            socket.close();
        }
    }
}
