package org.malcomedge.agent.link.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A plain TCP socket whose streams count into a {@link SocketLedger}, and that closes gracefully when it says so. */
final class CountingSocket extends Socket {

    private final SocketLedger ledger;

    CountingSocket(SocketLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return ledger.counting(super.getInputStream());
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return ledger.counting(super.getOutputStream());
    }

    /** With {@link SocketLedger#closeGracefully}: FIN first, then the broker's bytes until its FIN, then close. */
    @Override
    public synchronized void close() throws IOException {
        long linger = ledger.lingerMillis();
        if (linger > 0 && isConnected() && !isClosed() && !isOutputShutdown()) {
            try {
                shutdownOutput();
                readToEnd(linger);
            } catch (IOException gone) {
                // the broker closed first, or reset: nothing left to wait for
            }
        }
        super.close();
    }

    private void readToEnd(long boundMillis) throws IOException {
        long deadline = System.nanoTime() + boundMillis * 1_000_000;
        InputStream in = super.getInputStream();
        byte[] sink = new byte[4096];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            try {
                if (in.read(sink) < 0) {
                    return;
                }
            } catch (SocketTimeoutException late) {
                return;
            }
        }
    }
}
