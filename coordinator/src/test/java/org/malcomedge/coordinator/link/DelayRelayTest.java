package org.malcomedge.coordinator.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DelayRelayTest {

    private static final double DELAY_MILLIS = 100;

    @Test
    void holdsEachDirectionForTheDelayAndKeepsTheBytes() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DelayRelay relay = DelayRelay.start("127.0.0.1", new InetSocketAddress("127.0.0.1", echo.getLocalPort()), DELAY_MILLIS)) {
            Thread echoing = new Thread(() -> {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (Exception ignored) {
                    // the test fails on what it reads
                }
            });
            echoing.start();
            try (Socket client = new Socket("127.0.0.1", relay.port())) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] ping = {42};
                long t0 = System.nanoTime();
                client.getOutputStream().write(ping);
                byte[] pong = new byte[1];
                in.readFully(pong);
                double roundTripMillis = (System.nanoTime() - t0) / 1e6;
                assertTrue(roundTripMillis >= 2 * DELAY_MILLIS - 1 && roundTripMillis < 2 * DELAY_MILLIS + 500,
                        "round trip " + roundTripMillis + " ms, two one-way delays of " + DELAY_MILLIS);

                byte[] bulk = new byte[300_000];
                new Random(7).nextBytes(bulk);
                Thread writer = new Thread(() -> {
                    try {
                        client.getOutputStream().write(bulk);
                    } catch (Exception ignored) {
                        // read below fails
                    }
                });
                writer.start();
                byte[] back = new byte[bulk.length];
                in.readFully(back);
                writer.join();
                assertArrayEquals(bulk, back, "every byte, in order");
            }
            echoing.join(2000);
        }
    }
}
