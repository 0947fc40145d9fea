package org.malcomedge.coordinator.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-way delay of shaped links where the kernel has no netem: a TCP relay in front of the
 * broker that holds every chunk of bytes for the delay before passing it on, in each direction,
 * keeping their order. Devices connect to the relay (on the bridge, so their bytes still cross
 * their token-bucket-shaped veths); the relay connects to the broker. Unlike netem this delays the
 * byte stream, not packets: TCP's own acknowledgements on the shaped hop are not delayed, so TCP
 * ramps up as on a short link, while every MQTT message arrives the delay later.
 */
public final class DelayRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DelayRelay.class);
    private static final int CHUNK = 64 * 1024;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private record Chunk(long dueNanos, byte[] bytes) {
        static final Chunk END = new Chunk(0, null);
    }

    private DelayRelay(ServerSocket server, InetSocketAddress target, double delayMillis) {
        this.server = server;
        this.target = target;
        this.delayNanos = Math.round(delayMillis * 1e6);
    }

    /** Listens on {@code host} (a free port) and relays each connection to {@code target}, {@code delayMillis} later each way. */
    public static DelayRelay start(String host, InetSocketAddress target, double delayMillis) throws IOException {
        DelayRelay relay = new DelayRelay(new ServerSocket(0, 128, InetAddress.getByName(host)), target, delayMillis);
        daemon(relay::accept, "delay-relay-accept").start();
        log.info("delay relay {}:{} -> {} holds bytes {} ms each way", host, relay.port(), target, delayMillis);
        return relay;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket device = server.accept();
                Socket broker = new Socket();
                sockets.add(device);
                sockets.add(broker);
                device.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                broker.connect(target);
                pipe(device, broker, "up");
                pipe(broker, device, "down");
            } catch (IOException e) {
                if (!closed) {
                    log.warn("delay relay: {}", e.getMessage());
                }
            }
        }
    }

    /** One direction: a reader stamps each chunk with its due time, a writer sends it then. */
    private void pipe(Socket from, Socket to, String direction) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        daemon(() -> {
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException ended) {
                // the other side closed or the relay is closing
            }
            queue.add(Chunk.END);
        }, "delay-relay-read-" + direction).start();
        daemon(() -> {
            try {
                OutputStream out = to.getOutputStream();
                for (Chunk chunk = queue.take(); chunk != Chunk.END; chunk = queue.take()) {
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException ended) {
                closeQuietly(to);
                closeQuietly(from);
            }
        }, "delay-relay-write-" + direction).start();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(DelayRelay::closeQuietly);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
