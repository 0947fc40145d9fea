package org.malcomedge.agent.link.mqtt;

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
import org.malcomedge.agent.link.SocketBytes;

/**
 * One connection's sockets: the running byte totals fed by the streams of every socket it opens,
 * and the sockets still open, so a test can cut them the way a crash would.
 */
final class SocketLedger {

    private final LongAdder received;
    private final LongAdder sent;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final SocketLedger parent;
    /** Zero: sockets close at once; else they close gracefully within this bound (see {@link #closeGracefully}). */
    private volatile long lingerMillis;

    SocketLedger() {
        this(new LongAdder(), new LongAdder(), null);
    }

    private SocketLedger(LongAdder received, LongAdder sent, SocketLedger parent) {
        this.received = received;
        this.sent = sent;
        this.parent = parent;
    }

    /** The ledger of one client of the connection: its own sockets, the connection's totals. */
    SocketLedger child() {
        return new SocketLedger(received, sent, this);
    }

    <S extends Socket> S track(S socket) {
        open.removeIf(Socket::isClosed);
        open.add(socket);
        if (parent != null) {
            parent.track(socket);
        }
        return socket;
    }

    /**
     * From now on a socket that closes first half-closes (FIN after what was written, e.g. the
     * DISCONNECT) and reads until the broker closes its side, at most {@code bound}: closing with
     * unread bytes would reset the connection, and a broker that sees the reset before it read the
     * DISCONNECT publishes the will.
     */
    void closeGracefully(java.time.Duration bound) {
        root().lingerMillis = Math.max(1, bound.toMillis());
    }

    long lingerMillis() {
        return root().lingerMillis;
    }

    private SocketLedger root() {
        return parent == null ? this : parent.root();
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
        root().lingerMillis = 0;
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
            // Counted before the write: once the broker holds the bytes, a receiver may end the
            // round and read this ledger; counting after the write could miss them (descheduled
            // between write and add). A write that fails takes its count back.
            @Override
            public void write(int b) throws IOException {
                sent.increment();
                try {
                    out.write(b);
                } catch (IOException e) {
                    sent.decrement();
                    throw e;
                }
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                sent.add(length);
                try {
                    // FilterOutputStream would write byte by byte; pass the block through whole.
                    out.write(buffer, offset, length);
                } catch (IOException e) {
                    sent.add(-length);
                    throw e;
                }
            }
        };
    }
}
