package org.malcomedge.coordinator.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real shaped network: a 1 Mbit/s link limits a bulk TCP transfer to about 1 Mbit/s in each
 * direction, and nothing it made is left afterwards. Needs root, ip and tc (skipped elsewhere).
 * The device side is bash's /dev/tcp inside the namespace; the host side is a socket here, on the
 * bridge address.
 */
@Tag("netns")
class ShapedLinkNetnsTest {

    private static final int UPLINK_BYTES = 2_000_000;
    private static final int DOWNLINK_BYTES = 1_000_000;

    @BeforeAll
    static void needsRootAndIproute2() {
        NetnsSupport.assumeNetnsAvailable();
    }

    @Test
    void oneMbitLinkLimitsBulkTransfersBothWaysAndLeavesNothingBehind() throws Exception {
        String prefix;
        double uplink;
        double downlink;
        try (ShapedNetwork network = ShapedNetwork.open(1, LinkSpec.parse("1mbit"), CommandRunner.system())) {
            prefix = network.prefix();
            assertEquals(List.of(prefix + "b", prefix + "h0", prefix + "-n0"), NetnsSupport.namesWithPrefix(prefix));
            uplink = uplinkMbits(network);
            downlink = downlinkMbits(network);
        }
        System.out.printf(Locale.ROOT, "1mbit link: uplink %.3f Mbit/s over %d bytes, downlink %.3f Mbit/s over %d bytes%n",
                uplink, UPLINK_BYTES, downlink, DOWNLINK_BYTES);
        // payload rate: tbf counts Ethernet frames, of which TCP payload is ~96 %
        assertTrue(uplink > 0.8 && uplink < 1.05, "uplink " + uplink + " Mbit/s");
        assertTrue(downlink > 0.8 && downlink < 1.05, "downlink " + downlink + " Mbit/s");
        assertEquals(List.of(), NetnsSupport.namesWithPrefix(prefix));
    }

    /** The device sends; the host times from the first byte to the last. */
    private static double uplinkMbits(ShapedNetwork network) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(network.hostAddress()))) {
            Process sender = device(network, "head -c " + UPLINK_BYTES + " /dev/zero > /dev/tcp/" + network.hostAddress() + "/" + server.getLocalPort());
            try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                byte[] buffer = new byte[65536];
                long received = in.read(buffer);
                long start = System.nanoTime();
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received += n;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals(UPLINK_BYTES, received);
                assertEquals(0, finish(sender));
                return received * 8 / seconds / 1e6;
            }
        }
    }

    /** The host sends; the device's reader ends when the last byte arrived. */
    private static double downlinkMbits(ShapedNetwork network) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(network.hostAddress()))) {
            Process receiver = device(network, "cat < /dev/tcp/" + network.hostAddress() + "/" + server.getLocalPort() + " | wc -c");
            try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                long start = System.nanoTime();
                out.write(new byte[DOWNLINK_BYTES]);
                socket.shutdownOutput();
                assertEquals(0, finish(receiver));
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals(String.valueOf(DOWNLINK_BYTES), new String(receiver.getInputStream().readAllBytes()).strip());
                return DOWNLINK_BYTES * 8 / seconds / 1e6;
            }
        }
    }

    private static Process device(ShapedNetwork network, String script) throws IOException {
        return new ProcessBuilder(network.inNamespace(0, List.of("bash", "-c", script))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int finish(Process process) throws InterruptedException {
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
