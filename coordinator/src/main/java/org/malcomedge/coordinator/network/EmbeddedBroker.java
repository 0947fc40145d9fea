package org.malcomedge.coordinator.network;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 5 broker inside this JVM (HiveMQ Community Edition embedded, DESIGN.md section 9) for
 * {@code simulate --transport mqtt}: a loopback-only listener on a free port, in-memory persistence,
 * a temporary folder for HiveMQ's files, no usage statistics; {@link #close()} stops it and deletes
 * the folder. HiveMQ logs through our logback configuration.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 3;
    private static final String LOOPBACK = "127.0.0.1";

    private final EmbeddedHiveMQ hivemq;
    private final Path home;
    private final String host;
    private final int port;
    private final Duration startTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, Path home, String host, int port, Duration startTime) {
        this.hivemq = hivemq;
        this.home = home;
        this.host = host;
        this.port = port;
        this.startTime = startTime;
    }

    /**
     * Starts a broker on a free loopback port and returns once it accepts connections.
     *
     * @throws IllegalStateException when HiveMQ does not start (the cause says why)
     */
    public static EmbeddedBroker start() {
        return start(LOOPBACK);
    }

    /**
     * Starts a broker listening on {@code host} only (a local address, e.g. the bridge of shaped
     * links), on a free port; returns once it accepts connections.
     */
    public static EmbeddedBroker start(String host) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                return startOn(host, freePort(host));
            } catch (IllegalStateException e) {
                last = e; // most likely another process took the port between probing and binding
                log.debug("embedded broker attempt {} failed: {}", attempt, e.getMessage());
            }
        }
        throw last;
    }

    private static EmbeddedBroker startOn(String host, int port) {
        Path home = null;
        long t0 = System.nanoTime();
        try {
            home = Files.createTempDirectory("malcom-hivemq-");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), config(host, port), StandardCharsets.UTF_8);
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(home.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            log.info("embedded MQTT broker (HiveMQ CE) on {}:{} started in {} ms", host, port, took.toMillis());
            return new EmbeddedBroker(hivemq, home, host, port, took);
        } catch (IOException e) {
            deleteQuietly(home);
            throw new IllegalStateException("cannot prepare the embedded broker's folder: " + e.getMessage(), e);
        } catch (ExecutionException | TimeoutException e) {
            deleteQuietly(home);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("embedded broker did not start on port " + port + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(home);
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        }
    }

    private static String config(String host, int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, host);
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    /** {@code tcp://HOST:PORT} (127.0.0.1 unless started on another address) */
    public URI uri() {
        return URI.create("tcp://" + host + ":" + port);
    }

    public int port() {
        return port;
    }

    /** Wall time from creating the folder until the broker accepted connections. */
    public Duration startTime() {
        return startTime;
    }

    /** Stops the broker and deletes its folder; again is a no-op. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            hivemq.stop().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            hivemq.close();
            log.debug("embedded broker stopped in {} ms, closed in {} ms", (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("embedded broker did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(home);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
