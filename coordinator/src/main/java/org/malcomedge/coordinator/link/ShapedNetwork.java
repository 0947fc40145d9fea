package org.malcomedge.coordinator.link;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.malcomedge.agent.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network namespace per device behind a radio-shaped link, all on one machine:
 *
 * <pre>
 *   root namespace: bridge PREFIXb 10.N.0.1/16 (the broker listens here)
 *     +-- veth PREFIXh0 (egress shaped = the device's downlink) &lt;-&gt; PREFIXd0 in namespace PREFIX-n0, 10.N.0.2
 *     +-- veth PREFIXh1 ...                                        &lt;-&gt; PREFIXd1 in namespace PREFIX-n1, 10.N.0.3
 * </pre>
 *
 * Each direction of each device's link is shaped on the sending side's veth: the device's uplink
 * on its own end inside its namespace, its downlink on the bridge's end. The rate is the kernel's
 * token bucket ({@code tbf}); a delay or loss is the kernel's {@code netem} above it. {@link #open}
 * tries netem on a scratch veth pair first: without it a loss is refused with one line, and a
 * delay is left to the caller ({@link #userspaceDelayMillis}, applied by a {@link DelayRelay}).
 * Nothing leaves the machine: the bridge has no uplink and no routes are added.
 *
 * <p>Everything made is undone in reverse order by {@link #close}, by a shutdown hook on Ctrl-C,
 * and when {@link #open} fails half-way; after a crash (SIGKILL, power) {@link #cleanup} removes
 * what carries the prefix. Lacking CAP_NET_ADMIN or the {@code ip}/{@code tc} programs is one
 * line ({@link InputException}) before anything is made.
 */
public final class ShapedNetwork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShapedNetwork.class);

    /** How long a packet may wait in a token bucket before it is dropped (a radio's buffer). */
    private static final String QUEUE_LATENCY = "100ms";
    private static final int MIN_BURST_BYTES = 4096;
    private static final int FIRST_SUBNET = 200;
    private static final int LAST_SUBNET = 254;
    private static final Pattern USED_SUBNET = Pattern.compile("inet 10\\.(\\d+)\\.");

    private final Shell shell;
    private final Names names;
    private final LinkSpec link;
    private final int devices;
    private final Deque<List<String>> undo = new ArrayDeque<>();
    private final Thread shutdownHook;
    private int subnet;
    /** Whether the kernel's netem does the delay and loss (else the delay is left to a userspace relay). */
    private boolean kernelNetem;
    private boolean closed;

    private ShapedNetwork(Shell shell, Names names, LinkSpec link, int devices) {
        this.shell = shell;
        this.names = names;
        this.link = link;
        this.devices = devices;
        this.shutdownHook = new Thread(this::close, names.prefix() + "-cleanup");
    }

    /** Makes {@code devices} shaped namespaces under a fresh prefix. */
    public static ShapedNetwork open(int devices, LinkSpec link, CommandRunner runner) throws IOException {
        return open(Names.random().prefix(), devices, link, runner);
    }

    /**
     * Makes {@code devices} shaped namespaces whose names start with {@code prefix}; on any failure
     * removes what it made before throwing.
     */
    public static ShapedNetwork open(String prefix, int devices, LinkSpec link, CommandRunner runner) throws IOException {
        if (devices < 1) {
            throw new IllegalArgumentException("a shaped network needs at least one device, got " + devices);
        }
        ShapedNetwork network = new ShapedNetwork(new Shell(runner), new Names(prefix), link, devices);
        Runtime.getRuntime().addShutdownHook(network.shutdownHook);
        try {
            network.build();
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    public String prefix() {
        return names.prefix();
    }

    public LinkSpec link() {
        return link;
    }

    public int devices() {
        return devices;
    }

    /**
     * The one-way delay the kernel does not apply (it lacks netem), which a relay between the
     * devices and the broker must add in each direction; 0 when the kernel does it or none is asked.
     */
    public double userspaceDelayMillis() {
        return link.needsNetem() && !kernelNetem ? link.delayMillis() : 0;
    }

    /** The bridge's address in the root namespace: where a broker for the devices listens. */
    public String hostAddress() {
        return address(0, 1);
    }

    /** Device {@code device}'s address inside its namespace. */
    public String address(int device) {
        int host = checked(device) + 2;
        return address(host >> 8, host & 0xff);
    }

    public String namespace(int device) {
        return names.namespace(checked(device));
    }

    /** {@code command} run inside device {@code device}'s namespace (as root: {@code ip netns exec}). */
    public List<String> inNamespace(int device, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace(device)));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The per-process command wrapper for device {@code device} (what a process launcher takes). */
    public UnaryOperator<List<String>> wrapper(int device) {
        checked(device);
        return command -> inNamespace(device, command);
    }

    /** Removes every namespace, veth, bridge and qdisc this made (qdiscs go with their devices); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> left = new ArrayList<>();
        while (!undo.isEmpty()) {
            List<String> command = undo.pop();
            try {
                CommandRunner.Result result = shell.attempt(command);
                if (!result.ok()) {
                    left.add(String.join(" ", command) + ": " + Shell.firstLine(result));
                }
            } catch (IOException | RuntimeException e) {
                left.add(String.join(" ", command) + ": " + e.getMessage());
            }
        }
        if (!left.isEmpty()) {
            log.warn("could not remove all of {} ({}); run 'malcom cleanup --prefix {}'", names.prefix(), left, names.prefix());
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs and finds the network closed
            }
        }
    }

    /**
     * Removes every network namespace and link whose name starts with {@code prefix} (leftovers of
     * runs that were killed); returns their names, links first.
     */
    public static List<String> cleanup(String prefix, CommandRunner runner) throws IOException {
        Names names = new Names(prefix);
        Shell shell = new Shell(runner);
        List<String> links = linkNames(shell.must(List.of("ip", "-o", "link", "show"))).stream().filter(names::owns).toList();
        List<String> namespaces = namespaceNames(shell.must(List.of("ip", "netns", "list"))).stream().filter(names::owns).toList();
        // a host-side veth or the probe takes its peer along; a namespace takes its device veth and qdiscs
        for (String name : links) {
            List<String> delete = List.of("ip", "link", "del", name);
            CommandRunner.Result result = shell.attempt(delete);
            if (!result.ok() && !result.output().contains("Cannot find device")) {
                shell.check(delete, result);
            }
        }
        for (String namespace : namespaces) {
            shell.must(List.of("ip", "netns", "del", namespace));
        }
        return Stream.concat(links.stream(), namespaces.stream()).toList();
    }

    private synchronized void build() throws IOException {
        shell.attempt(List.of("ip", "-V"));
        shell.attempt(List.of("tc", "-V"));
        subnet = freeSubnet(shell.must(List.of("ip", "-4", "-o", "addr", "show")));
        if (link.needsNetem()) {
            kernelNetem = probeNetem();
        }
        make(List.of("ip", "link", "add", names.bridge(), "type", "bridge"), List.of("ip", "link", "del", names.bridge()));
        step(List.of("ip", "addr", "add", hostAddress() + "/16", "dev", names.bridge()));
        step(List.of("ip", "link", "set", names.bridge(), "up"));
        for (int i = 0; i < devices; i++) {
            String namespace = names.namespace(i);
            String hostVeth = names.hostVeth(i);
            String deviceVeth = names.deviceVeth(i);
            make(List.of("ip", "netns", "add", namespace), List.of("ip", "netns", "del", namespace));
            make(List.of("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", deviceVeth, "netns", namespace),
                    List.of("ip", "link", "del", hostVeth));
            step(List.of("ip", "link", "set", hostVeth, "master", names.bridge()));
            step(List.of("ip", "link", "set", hostVeth, "up"));
            step(List.of("ip", "-n", namespace, "addr", "add", address(i) + "/16", "dev", deviceVeth));
            step(List.of("ip", "-n", namespace, "link", "set", deviceVeth, "up"));
            step(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
            shape(List.of("tc", "-n", namespace), deviceVeth);
            shape(List.of("tc"), hostVeth);
        }
        log.info("{}: {} namespaces {}..{} behind {} links, bridge {} at {}", names.prefix(), devices,
                names.namespace(0), names.namespace(devices - 1), link, names.bridge(), hostAddress());
    }

    /** Shapes the egress of {@code device}: netem (delay, loss) at the root when asked, the token bucket below. */
    private void shape(List<String> tc, String device) throws IOException {
        List<String> rate = List.of("tbf", "rate", link.tcRate(), "burst", String.valueOf(burstBytes()), "latency", QUEUE_LATENCY);
        if (kernelNetem) {
            step(concat(tc, List.of("qdisc", "add", "dev", device, "root", "handle", "1:"), netem()));
            step(concat(tc, List.of("qdisc", "add", "dev", device, "parent", "1:1", "handle", "10:"), rate));
        } else {
            step(concat(tc, List.of("qdisc", "add", "dev", device, "root", "handle", "1:"), rate));
        }
    }

    private List<String> netem() {
        List<String> netem = new ArrayList<>(List.of("netem", "delay", link.delayMillis() + "ms"));
        if (link.lossPercent() > 0) {
            netem.addAll(List.of("loss", link.lossPercent() + "%"));
        }
        return netem;
    }

    /** 20 ms worth of the rate, at least a few full-size frames (tbf drops a packet larger than its bucket). */
    private long burstBytes() {
        return Math.max(MIN_BURST_BYTES, link.bitsPerSecond() / 8 / 50);
    }

    /**
     * Tries netem on a scratch veth pair that is removed at once. Without it a loss is refused with
     * one line; a delay is left to the caller ({@link #userspaceDelayMillis}).
     */
    private boolean probeNetem() throws IOException {
        make(List.of("ip", "link", "add", names.probe(), "type", "veth", "peer", "name", names.probePeer()),
                List.of("ip", "link", "del", names.probe()));
        CommandRunner.Result result = shell.attempt(List.of("tc", "qdisc", "add", "dev", names.probe(), "root", "netem", "delay", "1ms"));
        shell.must(undo.pop());
        if (!result.ok() && link.lossPercent() > 0) {
            throw new InputException(LinkSpec.FLAG + " " + link + ": loss needs the kernel's netem qdisc (sch_netem), "
                    + "which this kernel lacks (tc said: " + Shell.firstLine(result) + "); leave the loss out, e.g. "
                    + LinkSpec.FLAG + " " + new LinkSpec(link.bitsPerSecond(), link.delayMillis(), 0) + ", or use a kernel with sch_netem");
        }
        if (!result.ok()) {
            log.info("{}: this kernel has no netem ({}); the token bucket shapes the rate, the {} ms delay is left to user space",
                    names.prefix(), Shell.firstLine(result), link.delayMillis());
        }
        return result.ok();
    }

    /** Runs a command that creates something, and remembers how to remove it. */
    private void make(List<String> command, List<String> removal) throws IOException {
        step(command);
        undo.push(removal);
    }

    private void step(List<String> command) throws IOException {
        if (closed) {
            throw new IOException("interrupted: the shaped network " + names.prefix() + " was closed while being made");
        }
        shell.must(command);
    }

    private int freeSubnet(String addresses) throws IOException {
        Set<Integer> used = new TreeSet<>();
        Matcher m = USED_SUBNET.matcher(addresses);
        while (m.find()) {
            used.add(Integer.parseInt(m.group(1)));
        }
        for (int candidate = FIRST_SUBNET; candidate <= LAST_SUBNET; candidate++) {
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no free subnet 10." + FIRST_SUBNET + "-" + LAST_SUBNET + ".0.0/16 for the shaped network "
                + "(all in use; 'malcom cleanup' removes leftovers of earlier runs)");
    }

    private String address(int high, int low) {
        return "10." + subnet + "." + high + "." + low;
    }

    private int checked(int device) {
        if (device < 0 || device >= devices) {
            throw new IndexOutOfBoundsException("device " + device + " of " + devices);
        }
        return device;
    }

    /** The interface names in {@code ip -o link show} output ("7: NAME@PEER: <...>"). */
    static List<String> linkNames(String ipLinkShow) {
        return ipLinkShow.lines().map(line -> line.split(": ", 3)).filter(parts -> parts.length >= 2)
                .map(parts -> parts[1].split("@", 2)[0].strip()).toList();
    }

    /** The namespace names in {@code ip netns list} output ("NAME (id: 3)"). */
    static List<String> namespaceNames(String ipNetnsList) {
        return ipNetnsList.lines().map(String::strip).filter(line -> !line.isEmpty()).map(line -> line.split("\\s+", 2)[0]).toList();
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }
}
