package org.malcomedge.coordinator.plan;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.malcomedge.agent.InputException;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.topics.Topics;

/**
 * A throw-away PKI for one trial, made by running {@code openssl} (coordinator/README.md lists the
 * exact commands): a CA, the broker's server certificate (its subject alternative names are the
 * given host names and addresses, always with localhost and 127.0.0.1) and one client certificate
 * per client whose common name is the client's id. With {@code use_identity_as_username} the broker
 * takes that CN as the MQTT user name, so the ACL generated from the graph binds to the certificate.
 *
 * <p>Keys are P-256 EC keys in unencrypted PKCS#8 PEM (what the agent's TLS and Mosquitto read),
 * owner-only. Certificates are signed with {@code openssl ca}, which takes explicit start and end
 * dates: a validity is then any {@link Duration}, and a negative one makes certificates that have
 * already expired (for tests), which {@code openssl x509 -days} cannot do. The CA's bookkeeping
 * ({@code openssl.cnf}, its index and serial) stays in {@value #CA_DB} so that
 * {@link #issueClient} can sign more clients later.
 */
public final class TrialCertificates {

    public static final String CA_CERT = "ca.pem";
    public static final String CA_KEY = "ca.key";
    public static final String BROKER_CERT = "broker.pem";
    public static final String BROKER_KEY = "broker.key";
    public static final String CLIENTS = "clients";
    static final String CA_DB = "ca-db";
    static final String CA_CONFIG = CA_DB + "/openssl.cnf";

    /** Certificates start this much before "now": a device whose clock lags a little still accepts them. */
    static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final DateTimeFormatter OPENSSL_DATE =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    /** Digits and dots only: a mistyped address, not a host name. */
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");
    private static final List<String> ALWAYS_SERVED = List.of("localhost", "127.0.0.1");

    /** One certificate with its private key. */
    public record KeyPairFiles(Path cert, Path key) {
    }

    /**
     * The files written, absolute paths.
     *
     * @param clients each client id with its certificate and key, in the order given
     */
    public record Written(Path caCert, Path caKey, KeyPairFiles broker, Map<String, KeyPairFiles> clients) {

        /** The device config's {@code broker.tls} section for this client: the CA and its own certificate. */
        public DeviceConfig.Tls deviceTls(String clientId) {
            KeyPairFiles own = clients.get(clientId);
            if (own == null) {
                throw new IllegalArgumentException("no certificate was made for '" + clientId + "'; made: " + clients.keySet());
            }
            return new DeviceConfig.Tls(caCert, Optional.of(own.cert()), Optional.of(own.key()));
        }

        /** A broker listener that requires a client certificate of this CA and takes its CN as the user name. */
        public MosquittoListener listener(int port, Optional<String> bindAddress) {
            return new MosquittoListener(port, bindAddress,
                    Optional.of(new MosquittoListener.Tls(caCert, broker.cert(), broker.key(), true)));
        }
    }

    private TrialCertificates() {
    }

    /**
     * Makes a new CA in {@code dir} (replacing one there) and signs the broker's and every client's
     * certificate with it, all valid from one hour ago until {@code validity} from now.
     *
     * @param clientIds   the devices' ids and, for mutual TLS, the coordinator's user name too
     *                    (each becomes the CN and hence the broker user of its certificate)
     * @param brokerHosts host names and IP addresses devices use to reach the broker
     * @param validity    how long from now the certificates are valid; negative: already expired
     * @throws IllegalArgumentException naming an id or host that cannot stand in a certificate
     * @throws InputException           when openssl is not installed
     * @throws IOException              when a file cannot be written or openssl fails (the message has its output)
     */
    public static Written generate(Path dir, List<String> clientIds, List<String> brokerHosts, Duration validity)
            throws IOException {
        Set<String> ids = checkedIds(clientIds);
        List<String> altNames = subjectAltNames(brokerHosts);
        Period period = Period.of(Instant.now(), validity);
        Path absolute = dir.toAbsolutePath();
        Openssl openssl = new Openssl(Openssl.locate(), absolute);

        Files.createDirectories(absolute.resolve(CA_DB).resolve("issued"));
        Files.createDirectories(absolute.resolve(CLIENTS));
        Files.writeString(absolute.resolve(CA_DB).resolve("index.txt"), "", StandardCharsets.US_ASCII);
        Files.writeString(absolute.resolve(CA_DB).resolve("serial"), randomSerial() + "\n", StandardCharsets.US_ASCII);
        Files.writeString(absolute.resolve(CA_CONFIG), caConfig(altNames), StandardCharsets.US_ASCII);

        String trial = HexFormat.of().formatHex(randomBytes(4));
        KeyPairFiles ca = openssl.sign(CA_CERT, CA_KEY, "/O=MALCOM-Edge/CN=MALCOM-Edge trial CA " + trial, "ca_ext", period, true);
        String brokerName = altNames.get(0).substring(altNames.get(0).indexOf(':') + 1); // the first name given
        KeyPairFiles broker = openssl.sign(BROKER_CERT, BROKER_KEY, "/O=MALCOM-Edge/CN=" + brokerName, "broker_ext", period, false);
        Map<String, KeyPairFiles> clients = new LinkedHashMap<>();
        for (String id : ids) {
            clients.put(id, signClient(openssl, id, period));
        }
        return new Written(ca.cert(), ca.key(), broker, Collections.unmodifiableMap(clients));
    }

    /**
     * Signs one more client certificate with the CA {@code generate} left in {@code dir} (a device
     * added to the trial, or, in tests, one with another validity).
     */
    public static KeyPairFiles issueClient(Path dir, String clientId, Duration validity) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (!Files.isRegularFile(absolute.resolve(CA_CONFIG)) || !Files.isRegularFile(absolute.resolve(CA_KEY))) {
            throw new InputException(absolute + " holds no trial CA (" + CA_KEY + ", " + CA_CONFIG + ")");
        }
        String id = checkedIds(List.of(clientId)).iterator().next();
        return signClient(new Openssl(Openssl.locate(), absolute), id, Period.of(Instant.now(), validity));
    }

    private static KeyPairFiles signClient(Openssl openssl, String id, Period period) throws IOException {
        return openssl.sign(CLIENTS + "/" + id + ".pem", CLIENTS + "/" + id + ".key", "/CN=" + id, "client_ext", period, false);
    }

    /** When a certificate starts and ends: from {@link #CLOCK_SKEW} before min(now, end) to now + validity. */
    record Period(Instant start, Instant end) {
        static Period of(Instant now, Duration validity) {
            Instant end = now.plus(validity);
            Instant start = (end.isBefore(now) ? end : now).minus(CLOCK_SKEW);
            return new Period(start, end);
        }
    }

    private static Set<String> checkedIds(List<String> clientIds) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : clientIds) {
            Topics.checkName("client id", id); // letters, digits, '.', '_', '-': safe as CN and file name
            if (!ids.add(id)) {
                throw new IllegalArgumentException("client id '" + id + "' is given twice");
            }
        }
        return ids;
    }

    /** {@code DNS:NAME} / {@code IP:ADDRESS} entries, localhost and 127.0.0.1 always among them. */
    static List<String> subjectAltNames(List<String> brokerHosts) {
        Set<String> names = new LinkedHashSet<>();
        for (String host : brokerHosts) {
            names.add(altName(host.strip()));
        }
        ALWAYS_SERVED.forEach(host -> names.add(altName(host)));
        return new ArrayList<>(names);
    }

    private static String altName(String host) {
        boolean ipv4 = IPV4.matcher(host).matches()
                && Arrays.stream(host.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        if (ipv4 || host.contains(":")) {
            try {
                return "IP:" + InetAddress.getByName(host).getHostAddress(); // a literal (checked above): no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("broker host '" + host + "' is not a valid IP address");
            }
        }
        if (!HOST_NAME.matcher(host).matches() || IPV4_LIKE.matcher(host).matches()) {
            throw new IllegalArgumentException("broker host '" + host + "' is neither a host name nor an IP address");
        }
        return "DNS:" + host.toLowerCase(Locale.ROOT);
    }

    private static String randomSerial() {
        byte[] serial = randomBytes(8);
        serial[0] &= 0x7F; // a positive serial number
        return HexFormat.of().formatHex(serial);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The CA's {@code openssl ca} config; paths are relative to the trial folder, openssl's working directory. */
    private static String caConfig(List<String> altNames) {
        return String.join("\n",
                "# Generated by malcom plan: the trial CA's openssl ca configuration.",
                "[ ca ]",
                "default_ca = trial_ca",
                "[ trial_ca ]",
                "database = " + CA_DB + "/index.txt",
                "new_certs_dir = " + CA_DB + "/issued",
                "serial = " + CA_DB + "/serial",
                "certificate = " + CA_CERT,
                "private_key = " + CA_KEY,
                "default_md = sha256",
                "policy = any_name",
                "unique_subject = no",
                "email_in_dn = no",
                "copy_extensions = none",
                "[ any_name ]",
                "organizationName = optional",
                "commonName = supplied",
                "[ req ]",
                "distinguished_name = req_dn",
                "[ req_dn ]",
                "[ ca_ext ]",
                "basicConstraints = critical, CA:true, pathlen:0",
                "keyUsage = critical, keyCertSign, cRLSign",
                "subjectKeyIdentifier = hash",
                "[ broker_ext ]",
                "basicConstraints = critical, CA:false",
                "keyUsage = critical, digitalSignature",
                "extendedKeyUsage = serverAuth",
                "subjectAltName = " + String.join(", ", altNames),
                "authorityKeyIdentifier = keyid",
                "[ client_ext ]",
                "basicConstraints = critical, CA:false",
                "keyUsage = critical, digitalSignature",
                "extendedKeyUsage = clientAuth",
                "authorityKeyIdentifier = keyid",
                "");
    }

    /** Runs openssl in the trial folder. */
    private record Openssl(Path binary, Path dir) {

        static Path locate() {
            String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/bin";
            for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
                if (!entry.isEmpty()) {
                    Path candidate = Path.of(entry, "openssl");
                    if (Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
            throw new InputException("openssl is not installed (apt-get install openssl): it makes the trial's TLS certificates");
        }

        /**
         * A fresh key, a request for {@code subject}, and the certificate signed by the trial CA
         * (by the new key itself when {@code selfSigned}).
         */
        KeyPairFiles sign(String cert, String key, String subject, String extensions, Period period, boolean selfSigned)
                throws IOException {
            String request = key.replaceFirst("\\.key$", ".csr");
            BrokerFiles.createOwnerOnly(dir.resolve(key)); // openssl then writes into it, keeping the mode
            run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
            run("req", "-new", "-config", CA_CONFIG, "-key", key, "-subj", subject, "-out", request);
            List<String> ca = new ArrayList<>(List.of("ca", "-batch", "-config", CA_CONFIG, "-notext",
                    "-startdate", OPENSSL_DATE.format(period.start()), "-enddate", OPENSSL_DATE.format(period.end()),
                    "-extensions", extensions, "-in", request, "-out", cert));
            if (selfSigned) {
                ca.addAll(List.of("-selfsign", "-keyfile", key));
            }
            run(ca.toArray(String[]::new));
            Files.delete(dir.resolve(request));
            return new KeyPairFiles(dir.resolve(cert), dir.resolve(key));
        }

        private void run(String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status;
            try {
                status = process.waitFor();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running openssl " + args[0], e);
            }
            if (status != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " (in " + dir + ") failed with status "
                        + status + ": " + output);
            }
        }
    }
}
