package org.malcomedge.coordinator.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.InputException;

/** The command sequences of {@link ShapedNetwork}, against a recording twin of the system. */
class ShapedNetworkTest {

    private static final LinkSpec ONE_MBIT = LinkSpec.parse("1mbit");

    private static RecordingRunner system() {
        return new RecordingRunner().answer("ip -4 -o addr show", 0,
                "1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 10.200.3.4/16 brd 10.200.255.255 scope global eth0");
    }

    /** This machine's kernel: no sch_netem. */
    private static RecordingRunner withoutNetem() {
        return system().answer("netem", 2, "Error: Specified qdisc kind is unknown.");
    }

    @Test
    void makesABridgeAndAShapedNamespacePerDeviceThenRemovesThemInReverse() throws IOException {
        RecordingRunner runner = system();
        try (ShapedNetwork network = ShapedNetwork.open("mlc-ab12", 2, ONE_MBIT, runner)) {
            assertEquals("10.201.0.1", network.hostAddress(), "10.200 is taken by eth0");
            assertEquals("10.201.0.3", network.address(1));
            assertEquals(List.of("ip", "netns", "exec", "mlc-ab12-n1", "java", "-version"),
                    network.wrapper(1).apply(List.of("java", "-version")));
        }
        assertEquals(List.of(
                "ip -V",
                "tc -V",
                "ip -4 -o addr show",
                "ip link add mlc-ab12b type bridge",
                "ip addr add 10.201.0.1/16 dev mlc-ab12b",
                "ip link set mlc-ab12b up",
                "ip netns add mlc-ab12-n0",
                "ip link add mlc-ab12h0 type veth peer name mlc-ab12d0 netns mlc-ab12-n0",
                "ip link set mlc-ab12h0 master mlc-ab12b",
                "ip link set mlc-ab12h0 up",
                "ip -n mlc-ab12-n0 addr add 10.201.0.2/16 dev mlc-ab12d0",
                "ip -n mlc-ab12-n0 link set mlc-ab12d0 up",
                "ip -n mlc-ab12-n0 link set lo up",
                "tc -n mlc-ab12-n0 qdisc add dev mlc-ab12d0 root handle 1: tbf rate 1000000bit burst 4096 latency 100ms",
                "tc qdisc add dev mlc-ab12h0 root handle 1: tbf rate 1000000bit burst 4096 latency 100ms",
                "ip netns add mlc-ab12-n1",
                "ip link add mlc-ab12h1 type veth peer name mlc-ab12d1 netns mlc-ab12-n1",
                "ip link set mlc-ab12h1 master mlc-ab12b",
                "ip link set mlc-ab12h1 up",
                "ip -n mlc-ab12-n1 addr add 10.201.0.3/16 dev mlc-ab12d1",
                "ip -n mlc-ab12-n1 link set mlc-ab12d1 up",
                "ip -n mlc-ab12-n1 link set lo up",
                "tc -n mlc-ab12-n1 qdisc add dev mlc-ab12d1 root handle 1: tbf rate 1000000bit burst 4096 latency 100ms",
                "tc qdisc add dev mlc-ab12h1 root handle 1: tbf rate 1000000bit burst 4096 latency 100ms",
                "ip link del mlc-ab12h1",
                "ip netns del mlc-ab12-n1",
                "ip link del mlc-ab12h0",
                "ip netns del mlc-ab12-n0",
                "ip link del mlc-ab12b"), runner.commands());
    }

    @Test
    void aFailureHalfWayRemovesWhatWasMadeAndNamesTheCommand() {
        RecordingRunner runner = system().answer("ip link add mlc-ab12h1", 2, "RTNETLINK answers: File exists");
        IOException e = assertThrows(IOException.class, () -> ShapedNetwork.open("mlc-ab12", 3, ONE_MBIT, runner));
        assertEquals("'ip link add mlc-ab12h1 type veth peer name mlc-ab12d1 netns mlc-ab12-n1' failed (exit 2): "
                + "RTNETLINK answers: File exists", e.getMessage());
        assertEquals(List.of("ip netns del mlc-ab12-n1", "ip link del mlc-ab12h0", "ip netns del mlc-ab12-n0", "ip link del mlc-ab12b"),
                runner.commands().subList(runner.commands().size() - 4, runner.commands().size()));
        assertTrue(runner.starting("ip netns add mlc-ab12-n2").isEmpty(), "stops at the failure");
    }

    @Test
    void withoutCapNetAdminOneLineAndNothingMade() {
        RecordingRunner runner = system().answer("ip link add", 2, "RTNETLINK answers: Operation not permitted");
        InputException e = assertThrows(InputException.class, () -> ShapedNetwork.open("mlc-ab12", 2, ONE_MBIT, runner));
        assertEquals("--link needs CAP_NET_ADMIN to make network namespaces and links (run as root, e.g. with sudo): "
                + "'ip link add mlc-ab12b type bridge' said: RTNETLINK answers: Operation not permitted", e.getMessage());
        assertEquals("ip link add mlc-ab12b type bridge", runner.commands().get(runner.commands().size() - 1), "nothing to undo");
    }

    @Test
    void withoutTcOneLineBeforeAnythingIsMade() {
        RecordingRunner runner = system().missing("tc");
        InputException e = assertThrows(InputException.class, () -> ShapedNetwork.open("mlc-ab12", 2, ONE_MBIT, runner));
        assertEquals("--link needs the 'tc' command (Debian package iproute2), which is not on the PATH", e.getMessage());
        assertEquals(List.of("ip -V"), runner.commands());
    }

    @Test
    void lossWithoutNetemIsRefusedAfterTheProbeIsRemoved() {
        RecordingRunner runner = withoutNetem();
        InputException e = assertThrows(InputException.class,
                () -> ShapedNetwork.open("mlc-ab12", 2, LinkSpec.parse("1mbit:20ms:1%"), runner));
        assertEquals("--link 1mbit:20ms:1%: loss needs the kernel's netem qdisc (sch_netem), which this kernel lacks "
                + "(tc said: Error: Specified qdisc kind is unknown.); leave the loss out, e.g. --link 1mbit:20ms, "
                + "or use a kernel with sch_netem", e.getMessage());
        assertEquals(List.of("ip link add mlc-ab12p type veth peer name mlc-ab12q",
                "tc qdisc add dev mlc-ab12p root netem delay 1ms",
                "ip link del mlc-ab12p"), runner.commands().subList(3, runner.commands().size()));
    }

    @Test
    void delayWithoutNetemShapesTheRateAndLeavesTheDelayToUserSpace() throws IOException {
        RecordingRunner runner = withoutNetem();
        try (ShapedNetwork network = ShapedNetwork.open("mlc-ab12", 1, LinkSpec.parse("1mbit:20ms"), runner)) {
            assertEquals(20, network.userspaceDelayMillis());
            assertEquals(List.of(
                    "tc qdisc add dev mlc-ab12p root netem delay 1ms",
                    "tc qdisc add dev mlc-ab12h0 root handle 1: tbf rate 1000000bit burst 4096 latency 100ms"),
                    runner.starting("tc qdisc"));
        }
    }

    @Test
    void delayAndLossAreNetemAboveTheTokenBucket() throws IOException {
        RecordingRunner runner = system();
        try (ShapedNetwork network = ShapedNetwork.open("mlc-ab12", 1, LinkSpec.parse("8mbit:20ms:1%"), runner)) {
            assertEquals(0, network.userspaceDelayMillis(), "the kernel does it");
            assertEquals(List.of(
                    "tc -n mlc-ab12-n0 qdisc add dev mlc-ab12d0 root handle 1: netem delay 20.0ms loss 1.0%",
                    "tc -n mlc-ab12-n0 qdisc add dev mlc-ab12d0 parent 1:1 handle 10: tbf rate 8000000bit burst 20000 latency 100ms"),
                    runner.starting("tc -n"));
            assertEquals(List.of(
                    "tc qdisc add dev mlc-ab12p root netem delay 1ms",
                    "tc qdisc add dev mlc-ab12h0 root handle 1: netem delay 20.0ms loss 1.0%",
                    "tc qdisc add dev mlc-ab12h0 parent 1:1 handle 10: tbf rate 8000000bit burst 20000 latency 100ms"),
                    runner.starting("tc qdisc"));
        }
    }

    @Test
    void closeIsIdempotent() throws IOException {
        RecordingRunner runner = system();
        ShapedNetwork network = ShapedNetwork.open("mlc-ab12", 1, ONE_MBIT, runner);
        network.close();
        int after = runner.commands().size();
        network.close();
        assertEquals(after, runner.commands().size());
    }

    @Test
    void cleanupRemovesOnlyWhatCarriesThePrefix() throws IOException {
        RecordingRunner runner = new RecordingRunner()
                .answer("ip -o link show", 0, """
                        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN
                        4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc pfifo_fast state UP
                        7: mlc-ab12b: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP
                        8: mlc-ab12h0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc tbf master mlc-ab12b
                        9: mlc-cd34h0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc tbf master mlc-cd34b""")
                .answer("ip netns list", 0, "mlc-ab12-n0 (id: 0)\nmlc-cd34-n0 (id: 1)\nother\n");
        assertEquals(List.of("mlc-ab12b", "mlc-ab12h0", "mlc-ab12-n0"), ShapedNetwork.cleanup("mlc-ab12", runner));
        assertEquals(List.of("ip link del mlc-ab12b", "ip link del mlc-ab12h0", "ip netns del mlc-ab12-n0"),
                runner.commands().subList(2, runner.commands().size()));
    }

    @Test
    void cleanupRefusesAPrefixOutsideTheProject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShapedNetwork.cleanup("eth", new RecordingRunner()));
        assertEquals("--prefix: 'eth' is not a link prefix (expected mlc- and up to 5 lowercase letters or digits, e.g. mlc-3f9a)",
                e.getMessage());
    }
}
