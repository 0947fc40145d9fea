package org.malcomedge.agent.link.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketLedgerTest {

    /** Records what the ledger already counted at the moment each write reaches the socket. */
    private static final class Wire extends OutputStream {
        final SocketLedger ledger;
        final List<Long> countedWhenWritten = new ArrayList<>();
        boolean broken;

        Wire(SocketLedger ledger) {
            this.ledger = ledger;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            if (broken) {
                throw new IOException("connection reset");
            }
            countedWhenWritten.add(ledger.snapshot().sent());
        }
    }

    @Test
    void bytesAreCountedBeforeTheyReachTheSocketSoAReceiverNeverSeesThemUncounted() throws IOException {
        SocketLedger ledger = new SocketLedger();
        Wire wire = new Wire(ledger);
        OutputStream out = ledger.counting(wire);

        out.write(new byte[100], 0, 100);
        out.write(7);

        assertEquals(List.of(100L, 101L), wire.countedWhenWritten);
        assertEquals(101, ledger.snapshot().sent());
    }

    @Test
    void aWriteThatFailsIsNotCounted() throws IOException {
        SocketLedger ledger = new SocketLedger();
        Wire wire = new Wire(ledger);
        OutputStream out = ledger.counting(wire);
        out.write(new byte[10], 0, 10);
        wire.broken = true;

        assertThrows(IOException.class, () -> out.write(new byte[50], 0, 50));
        assertThrows(IOException.class, () -> out.write(1));
        assertEquals(10, ledger.snapshot().sent());
    }
}
