package org.malcomedge.agent.link.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Test support: Debian's {@code mosquitto} started on a free loopback port from a generated config,
 * waited for until it accepts connections, and stopped by its own process id. Reused by the
 * coordinator's tests through device-agent's test-jar.
 *
 * <p>Without the binary the test is skipped with a message, except on CI ({@code CI=true}), where
 * a missing broker is a failure: {@code .ci/run} installs it.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"),
            Path.of("/usr/local/sbin/mosquitto"), Path.of("/usr/local/bin/mosquitto"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path binary;
    private final Path dir;
    private final int port;
    private final Path config;
    private Process process;

    private MosquittoBroker(Path binary, Path config, int port) {
        this.binary = binary;
        this.dir = config.toAbsolutePath().getParent();
        this.port = port;
        this.config = config;
    }

    /**
     * An anonymous broker for plain tests: one listener on a free loopback port, no persistence, no
     * Nagle delay (as {@code malcom plan} configures it; without it a round of small frames waits ~40 ms).
     */
    public static MosquittoBroker startAnonymous(Path dir) {
        int port = freePort();
        return start(dir, port, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "set_tcp_nodelay true\n");
    }

    /**
     * Starts mosquitto on {@code configText}, which must open a listener on {@code port}.
     * Skips the calling test (or fails it on CI) when mosquitto is not installed.
     */
    public static MosquittoBroker start(Path dir, int port, String configText) {
        Path config = dir.resolve("mosquitto-test.conf");
        // Run as root (containers, CI), mosquitto would switch to user 'mosquitto', which cannot
        // read files under a test's private temp folder; a config that names its user says it already.
        boolean namesUser = configText.lines().anyMatch(line -> line.startsWith("user "));
        String asUser = !namesUser && "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        try {
            Files.writeString(config, configText + "\n" + asUser, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        return startFile(config, port);
    }

    /**
     * {@code mosquitto -c config}, the file as it is (as a README starts it), by this test's user;
     * the log goes next to it. {@code config} must open a listener on {@code port}.
     */
    public static MosquittoBroker startFile(Path config, int port) {
        MosquittoBroker broker = new MosquittoBroker(binary(), config, port);
        try {
            broker.startProcess();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto -c " + config, e);
        }
    }

    /** The installed mosquitto; aborts (skips) the test when absent, fails it on CI. */
    public static Path binary() {
        Optional<Path> found = BINARIES.stream().filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String message = "mosquitto is not installed (apt-get install -y mosquitto mosquitto-clients)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + ", and CI=true: .ci/run must install it");
            }
            Assumptions.abort(message + ": skipping the tests over a real broker");
        }
        return found.get();
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private void startProcess() throws IOException {
        Path logFile = dir.resolve("mosquitto-" + port + ".log");
        process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with status " + process.exitValue()
                        + ": " + Files.readString(logFile).strip());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        stop();
        throw new IllegalStateException("mosquitto did not accept connections on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s; log: " + Files.readString(logFile).strip());
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT} */
    public URI uri() {
        return URI.create("tcp://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the broker (SIGTERM to its own pid, SIGKILL after 5 s). */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow();
        handle.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freezes the broker (SIGSTOP): its sockets stay open and nothing is answered, as a hung broker. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause paused} broker run again (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal mosquitto", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling mosquitto", e);
        }
    }

    /** Starts the broker again on the same port and config (its in-memory state is gone). */
    public void restart() {
        stop();
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart mosquitto", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mosquitto", e);
        }
    }
}
