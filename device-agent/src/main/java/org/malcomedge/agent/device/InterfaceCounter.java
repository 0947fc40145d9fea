package org.malcomedge.agent.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Radio accounting (DESIGN.md section 5, the fourth byte level): bytes received and transmitted by
 * the configured network interface, from the kernel's /proc/net/dev, as deltas per round. These
 * include everything on the interface (MQTT, TLS, TCP/IP headers, retransmissions, other traffic),
 * beside the agent's own socket bytes.
 */
public final class InterfaceCounter {

    static final String NET_DEV = "/proc/net/dev";
    /** /proc/net/dev columns after the name: 8 receive counters, then 8 transmit counters. */
    private static final int COLUMNS = 16;
    private static final int RX_BYTES = 0;
    private static final int TX_BYTES = 8;
    private static final long COUNTER_32 = 1L << 32;

    /** Bytes received and transmitted. */
    public record Bytes(long received, long transmitted) {
        public long total() {
            return received + transmitted;
        }
    }

    private final SystemFiles files;
    private final String name;
    private Bytes last;

    private InterfaceCounter(SystemFiles files, String name, Bytes start) {
        this.files = files;
        this.name = name;
        this.last = start;
    }

    /** Meters {@code name} on the running system. */
    public static InterfaceCounter open(String name) {
        return open(Path.of("/"), name);
    }

    /**
     * Meters {@code name} in {@code root}/proc/net/dev, starting now.
     *
     * @throws DeviceException if the file cannot be read or parsed, or has no such interface
     */
    public static InterfaceCounter open(Path root, String name) {
        Objects.requireNonNull(name, "name");
        SystemFiles files = new SystemFiles(root);
        Map<String, Bytes> table = table(files);
        Bytes start = table.get(name);
        if (start == null) {
            throw new DeviceException("network.interface: there is no interface '" + name + "' in " + NET_DEV
                    + " (interfaces: " + String.join(", ", table.keySet()) + ")");
        }
        return new InterfaceCounter(files, name, start);
    }

    public String name() {
        return name;
    }

    /**
     * Bytes since the previous call (or since {@link #open}). Zero while the interface is gone
     * (a USB dongle unplugged); a counter that went backwards wrapped (32-bit kernels) or restarted.
     *
     * @throws DeviceException if /proc/net/dev cannot be read or parsed
     */
    public synchronized Bytes nextRound() {
        Bytes now = table(files).get(name);
        if (now == null) {
            return new Bytes(0, 0);
        }
        Bytes delta = new Bytes(delta(last.received(), now.received()), delta(last.transmitted(), now.transmitted()));
        last = now;
        return delta;
    }

    private static long delta(long before, long after) {
        if (after >= before) {
            return after - before;
        }
        return before < COUNTER_32 ? after + COUNTER_32 - before : after;
    }

    private static Map<String, Bytes> table(SystemFiles files) {
        List<String> lines;
        try {
            lines = files.lines(NET_DEV);
        } catch (IOException | SecurityException e) {
            throw new DeviceException("network.interface: cannot read " + NET_DEV + " (" + e + ")", e);
        }
        return parse(lines);
    }

    /**
     * Parses the table: two header lines, then {@code name: 16 counters} per interface. Old
     * kernels print no space between the colon and a wide first counter, so split at the colon.
     */
    static Map<String, Bytes> parse(List<String> lines) {
        Map<String, Bytes> table = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (line.contains("|") || line.isBlank()) {
                continue;
            }
            String where = NET_DEV + ":" + (i + 1) + ": ";
            if (colon < 0) {
                throw new DeviceException(where + "expected 'name: counters', got '" + line.trim() + "'");
            }
            String interfaceName = line.substring(0, colon).trim();
            String[] counters = line.substring(colon + 1).trim().split("\\s+");
            if (interfaceName.isEmpty() || counters.length < COLUMNS) {
                throw new DeviceException(where + "expected an interface name and " + COLUMNS + " counters, got '"
                        + line.trim() + "'");
            }
            table.put(interfaceName, new Bytes(counter(counters[RX_BYTES], where), counter(counters[TX_BYTES], where)));
        }
        return table;
    }

    private static long counter(String text, String where) {
        Optional<Long> value = Optional.empty();
        if (text.matches("\\d{1,20}")) {
            try {
                value = Optional.of(Long.parseUnsignedLong(text));
            } catch (NumberFormatException e) {
                // Beyond 2^64: reported below.
            }
        }
        return value.orElseThrow(() -> new DeviceException(where + "'" + text + "' is not a byte counter"));
    }
}
