package org.malcomedge.agent.transport;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection's sockets: the running byte totals fed by the streams of every socket it opens,
 * and the sockets still open, so a test can cut them the way a crash would.
 */
final class SocketLedger {

    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile long lastOpened = System.nanoTime();

    <S extends Socket> S track(S socket) {
        open.removeIf(Socket::isClosed);
        open.add(socket);
        lastOpened = System.nanoTime();
        return socket;
    }

    /** {@link System#nanoTime()} when the latest socket was made (the start of the latest connect attempt). */
    long lastOpenedNanos() {
        return lastOpened;
    }

    /** Binds (when {@code local} is given) and connects a socket made by one of our factories. */
    static <S extends Socket> S connect(S socket, InetSocketAddress remote, InetSocketAddress local) throws IOException {
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }

    /** Closes every open socket without an MQTT DISCONNECT, as a crash or a cut cable would. */
    void severAll() {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone: that is the point
            }
        }
    }

    SocketBytes snapshot() {
        return new SocketBytes(received.sum(), sent.sum());
    }

    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    received.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    received.add(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                received.add(skipped);
                return skipped;
            }
        };
    }

    OutputStream counting(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                sent.increment();
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                // FilterOutputStream would write byte by byte; pass the block through whole.
                out.write(buffer, offset, length);
                sent.add(length);
            }
        };
    }
}
