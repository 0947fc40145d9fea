package org.malcomedge.agent.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A plain TCP socket whose streams count into a {@link SocketLedger}. */
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
}
