package org.malcomedge.agent.link.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.malcomedge.agent.InputException;
import org.malcomedge.firmware.config.DeviceConfig;

/**
 * TLS from the PEM files a Mosquitto deployment already has: the CA that signed the broker's
 * certificate and, for mutual TLS, the device's certificate chain with its unencrypted PKCS#8 key.
 */
public final class PemTls {

    private static final Pattern PEM_KEY =
            Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----(.*?)-----END \\1PRIVATE KEY-----", Pattern.DOTALL);
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
    private static final char[] IN_MEMORY = new char[0];

    private PemTls() {
    }

    /** @throws InputException naming the file that cannot be read or used */
    public static SSLSocketFactory socketFactory(DeviceConfig.Tls files) {
        try {
            KeyStore trusted = emptyStore();
            int n = 0;
            for (Certificate ca : certificates(files.ca())) {
                trusted.setCertificateEntry("ca" + n++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);

            KeyManagerFactory keys = null;
            if (files.cert().isPresent() && files.key().isPresent()) {
                KeyStore own = emptyStore();
                List<Certificate> chain = List.copyOf(certificates(files.cert().get()));
                own.setKeyEntry("device", privateKey(files.key().get()), IN_MEMORY, chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, IN_MEMORY);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new InputException("broker.tls: cannot set up TLS from " + files + ": " + e.getMessage(), e);
        }
    }

    /** @throws InputException naming the file when it holds no readable PEM certificate */
    public static Collection<? extends Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new InputException("broker.tls: " + file + " holds no PEM certificate");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new InputException("broker.tls: cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InputException("broker.tls.key: cannot read " + file + ": " + e.getMessage(), e);
        }
        Matcher m = PEM_KEY.matcher(pem);
        if (!m.find()) {
            throw new InputException("broker.tls.key: " + file + " holds no PEM private key");
        }
        if (!m.group(1).isEmpty()) {
            throw new InputException("broker.tls.key: " + file + " is a '" + m.group(1)
                    + "PRIVATE KEY'; give an unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'),"
                    + " e.g. openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(2)));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new InputException("broker.tls.key: " + file + " is not an RSA, EC or EdDSA PKCS#8 key");
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }
}
