package org.malcomedge.coordinator.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.malcomedge.agent.InputException;

/**
 * Debian's mosquitto on a free loopback port for {@code bench round}: anonymous, no persistence,
 * no Nagle delay (as {@code plan} configures a fleet's broker); stopped by its own pid on close.
 */
final class LocalMosquitto implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));
    private static final long START_MILLIS = 10_000;

    private final Process process;
    private final int port;

    private LocalMosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalMosquitto start(Path dir) throws IOException, InterruptedException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new InputException("bench round needs mosquitto (apt-get install -y mosquitto)"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf");
        String asRoot = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "set_tcp_nodelay true\n" + asRoot, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(binary.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        LocalMosquitto broker = new LocalMosquitto(process, port);
        long deadline = System.currentTimeMillis() + START_MILLIS;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return broker;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        broker.close();
        throw new IOException("mosquitto did not start on port " + port + ": " + Files.readString(dir.resolve("mosquitto.log")).strip());
    }

    URI uri() {
        return URI.create("tcp://127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
