package org.malcomedge.coordinator.plan;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One listener of the generated Mosquitto config.
 *
 * @param bindAddress the address to bind (see {@link ListenerAddress}); empty: all interfaces
 * @param tls         empty: plain MQTT on this port
 */
public record MosquittoListener(int port, Optional<String> bindAddress, Optional<Tls> tls) {

    public MosquittoListener {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("listener port must be 1..65535, got " + port);
        }
        Objects.requireNonNull(bindAddress, "bindAddress");
        bindAddress.ifPresent(address -> ListenerAddress.check("listener bind address", address));
        Objects.requireNonNull(tls, "tls");
    }

    public static MosquittoListener plain(int port) {
        return new MosquittoListener(port, Optional.empty(), Optional.empty());
    }

    /**
     * Whether clients on this listener are known by their certificate (mutual TLS: its CN is the
     * user name) rather than by a password.
     */
    public boolean certificateIsIdentity() {
        return tls.map(Tls::requireCertificate).orElse(false);
    }

    /**
     * The broker's PEM files; with {@code requireCertificate} devices must also show a certificate
     * signed by {@code cafile} (mutual TLS), whose CN is then their user name instead of a password
     * (see {@link TrialCertificates}).
     */
    public record Tls(Path cafile, Path certfile, Path keyfile, boolean requireCertificate) {
        public Tls {
            Objects.requireNonNull(cafile, "cafile");
            Objects.requireNonNull(certfile, "certfile");
            Objects.requireNonNull(keyfile, "keyfile");
        }
    }
}
