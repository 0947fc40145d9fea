package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterfaceCounterTest {

    private static final String HEADER = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            """;

    @TempDir
    Path root;

    private void netDev(String wlanRx, String wlanTx) throws IOException {
        Path file = new SystemFiles(root).resolve(InterfaceCounter.NET_DEV);
        Files.createDirectories(file.getParent());
        Files.writeString(file, HEADER
                + "    lo:  123456     100    0    0    0     0          0         0   123456     100    0    0    0     0       0          0\n"
                + " wlan0: " + wlanRx + "  2000    0    0    0     0          0         0 " + wlanTx
                + "    1500    0    0    0     0       0          0\n");
    }

    @Test
    void perRoundDeltasOfTheConfiguredInterface() throws IOException {
        netDev("1000", "500");
        InterfaceCounter counter = InterfaceCounter.open(root, "wlan0");
        netDev("4000", "900");
        assertEquals(new InterfaceCounter.Bytes(3000, 400), counter.nextRound());
        netDev("4100", "900");
        InterfaceCounter.Bytes round = counter.nextRound();
        assertEquals(new InterfaceCounter.Bytes(100, 0), round);
        assertEquals(100, round.total());
    }

    @Test
    void aWrapped32BitCounterStillGivesTheTrueDelta() throws IOException {
        netDev("4294967000", "10");
        InterfaceCounter counter = InterfaceCounter.open(root, "wlan0");
        netDev("200", "10");
        assertEquals(new InterfaceCounter.Bytes(496, 0), counter.nextRound());
    }

    @Test
    void aMissingInterfaceIsOneLineNamingTheFieldAndTheInterfacesThereAre() throws IOException {
        netDev("1", "1");
        DeviceException e = assertThrows(DeviceException.class, () -> InterfaceCounter.open(root, "eth7"));
        assertEquals("network.interface: there is no interface 'eth7' in /proc/net/dev (interfaces: lo, wlan0)",
                e.getMessage());
    }

    @Test
    void aMissingFileIsOneLine() {
        DeviceException e = assertThrows(DeviceException.class, () -> InterfaceCounter.open(root, "wlan0"));
        assertEquals(true, e.getMessage().startsWith("network.interface: cannot read /proc/net/dev"), e.getMessage());
    }

    @Test
    void anInterfaceThatGoesAwayCountsZeroUntilItComesBack() throws IOException {
        netDev("1000", "500");
        InterfaceCounter counter = InterfaceCounter.open(root, "wlan0");
        Files.writeString(new SystemFiles(root).resolve(InterfaceCounter.NET_DEV), HEADER);
        assertEquals(new InterfaceCounter.Bytes(0, 0), counter.nextRound());
    }

    @Test
    void oldKernelsWithNoSpaceAfterTheColonParse() {
        Map<String, InterfaceCounter.Bytes> table = InterfaceCounter.parse(List.of(
                "  eth0:12345678901 1 0 0 0 0 0 0 98765 1 0 0 0 0 0 0"));
        assertEquals(new InterfaceCounter.Bytes(12345678901L, 98765), table.get("eth0"));
    }

    @Test
    void aGarbledLineNamesItsLineNumber() {
        DeviceException shortLine = assertThrows(DeviceException.class, () -> InterfaceCounter.parse(List.of(
                "Inter-|", " face |", "  eth0: 1 2 3")));
        assertEquals("/proc/net/dev:3: expected an interface name and 16 counters, got 'eth0: 1 2 3'",
                shortLine.getMessage());
        DeviceException notANumber = assertThrows(DeviceException.class, () -> InterfaceCounter.parse(List.of(
                "  eth0: x 1 0 0 0 0 0 0 98765 1 0 0 0 0 0 0")));
        assertEquals("/proc/net/dev:1: 'x' is not a byte counter", notANumber.getMessage());
        assertThrows(DeviceException.class, () -> InterfaceCounter.parse(List.of("garbage")));
    }
}
