package org.malcomedge.agent.link.mqtt;

import java.net.SocketException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.malcomedge.agent.InputException;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;

/**
 * Why a connect failed, in words a device operator can act on. A broker that refuses a TLS client
 * often just closes the socket (TLS 1.3 checks the client's certificate after the client thinks the
 * handshake is done), so Paho reports "connection lost" or "broken pipe"; what the device can
 * check itself (its certificate expired, or is not signed by the CA it was given) names the likely
 * reason.
 */
final class ConnectFailure {

    private static final String ALERT = "Received fatal alert: ";

    private ConnectFailure() {
    }

    /** The reason for the message, or empty when nothing better than Paho's text is known. */
    /** The first connect's failure, worded: what {@link #explain} knows, else Paho's reason. */
    static LinkException wrap(MqttLinkSettings settings, Throwable cause) {
        String why = explain(settings, cause).orElseGet(() -> cause instanceof MqttException m
                ? Acks.describe(m) : String.valueOf(cause.getMessage()));
        return new LinkException("cannot connect to " + settings.broker() + " as '" + settings.clientId()
                + "': " + why, cause);
    }

    static Optional<String> explain(MqttLinkSettings settings, Throwable failure) {
        boolean secure = settings.secure();
        Optional<SSLException> tls = cause(failure, SSLException.class::isInstance).map(SSLException.class::cast);
        Optional<Throwable> socket = cause(failure, SocketException.class::isInstance)
                .or(() -> cause(failure, e -> e instanceof java.io.EOFException));
        Optional<Throwable> refused = cause(failure, e -> e instanceof java.net.ConnectException
                || e instanceof java.net.NoRouteToHostException || e instanceof java.net.UnknownHostException);
        if (refused.isPresent()) {
            return Optional.of("no broker answers there (" + refused.get().getMessage()
                    + "): is it up, and this device's network?");
        }
        if (tls.isPresent()) {
            String text = String.valueOf(tls.get().getMessage());
            String ca = settings.tls().map(files -> " in broker.tls.ca (" + files.ca() + ")").orElse(" this JVM trusts");
            if (text.contains("PKIX path") || text.contains("certification path")) {
                return Optional.of("the broker's certificate is not signed by the CA" + ca);
            }
            if (text.contains("subject alternative") || text.contains("No name matching")) {
                return Optional.of("the broker's certificate is not made out to '" + settings.broker().getHost()
                        + "' (" + text + ")");
            }
            String reason = text.startsWith(ALERT) ? text.substring(ALERT.length()) : text;
            return Optional.of("the broker refused the TLS handshake (" + reason + ")" + ownCertificate(settings));
        }
        if (socket.isPresent() && secure) {
            return Optional.of("the broker closed the connection during the TLS handshake (" + socket.get().getMessage()
                    + ")" + ownCertificate(settings));
        }
        if (socket.isPresent()) {
            return Optional.of("the broker closed the connection before answering CONNECT (" + socket.get().getMessage()
                    + "); if that port wants TLS, use ssl://");
        }
        return Optional.empty();
    }

    /** What is wrong with the device's own certificate, as "; ..." to append, or a hint when it has none. */
    private static String ownCertificate(MqttLinkSettings settings) {
        Optional<DeviceConfig.Tls> files = settings.tls();
        if (files.isEmpty() || files.get().cert().isEmpty()) {
            return "; if the broker requires a client certificate, give broker.tls.cert and broker.tls.key";
        }
        Path certFile = files.get().cert().get();
        try {
            X509Certificate own = (X509Certificate) PemTls.certificates(certFile).iterator().next();
            try {
                own.checkValidity();
            } catch (CertificateExpiredException e) {
                return "; broker.tls.cert " + certFile + " expired on " + own.getNotAfter().toInstant();
            } catch (CertificateNotYetValidException e) {
                return "; broker.tls.cert " + certFile + " is valid only from " + own.getNotBefore().toInstant()
                        + " and this device's clock says " + new Date().toInstant();
            }
            if (!signedByAny(own, PemTls.certificates(files.get().ca()))) {
                return "; broker.tls.cert " + certFile + " is not signed by the CA in broker.tls.ca (" + files.get().ca()
                        + "), which a broker of that CA refuses";
            }
            return "; broker.tls.cert " + certFile + " is valid and signed by broker.tls.ca: the broker may trust another CA";
        } catch (InputException | ClassCastException unreadable) {
            return ""; // the connect got this far, so the file was readable then; nothing to add now
        }
    }

    private static boolean signedByAny(X509Certificate own, Collection<? extends Certificate> authorities) {
        for (Certificate authority : authorities) {
            try {
                own.verify(authority.getPublicKey());
                return true;
            } catch (GeneralSecurityException notThisOne) {
                // try the next
            }
        }
        return false;
    }

    private static Optional<Throwable> cause(Throwable failure, Predicate<Throwable> wanted) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (wanted.test(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
