package org.malcomedge.agent.device;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads the device's health for each round report: CPU temperature from the kernel's thermal
 * zones, the firmware's throttling flags where the board has them (Raspberry Pi), Java heap and
 * process RSS. Whatever the board does not offer is left out of the reading, never an error.
 */
public final class HealthProbe {

    static final String THERMAL = "/sys/class/thermal";
    /** The Raspberry Pi firmware driver's copy of {@code vcgencmd get_throttled}, without a process. */
    static final String THROTTLED = "/sys/devices/platform/soc/soc:firmware/get_throttled";
    static final String STATUS = "/proc/self/status";
    /** get_throttled bits 0..3: under-voltage, frequency capped, throttled, soft temperature limit, now. */
    private static final long THROTTLED_NOW = 0xF;

    private final SystemFiles files;
    private final Supplier<Optional<String>> vcgencmd;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    /** Reads the running system's /sys and /proc, falling back to {@code vcgencmd} for throttling. */
    public static HealthProbe ofSystem() {
        return new HealthProbe(Path.of("/"), new Vcgencmd());
    }

    /**
     * @param root     where /sys and /proc live ({@code /} on a device)
     * @param vcgencmd output of {@code vcgencmd get_throttled}, empty where there is no such command
     */
    HealthProbe(Path root, Supplier<Optional<String>> vcgencmd) {
        this.files = new SystemFiles(root);
        this.vcgencmd = vcgencmd;
    }

    public HealthReading read() {
        return new HealthReading(cpuTemperature(), throttled(), memory.getHeapMemoryUsage().getUsed(), rss());
    }

    /** The CPU's zone if one says so in its type, else the lowest-numbered zone with a reading. */
    OptionalDouble cpuTemperature() {
        List<Path> zones = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(files.resolve(THERMAL), "thermal_zone*")) {
            dir.forEach(zones::add);
        } catch (IOException | SecurityException e) {
            return OptionalDouble.empty();
        }
        zones.sort(Comparator.comparingInt(HealthProbe::zoneNumber));
        OptionalDouble first = OptionalDouble.empty();
        for (Path zone : zones) {
            OptionalDouble celsius = files.read(zone.resolve("temp")).map(HealthProbe::milliCelsius)
                    .orElse(OptionalDouble.empty());
            if (celsius.isEmpty()) {
                continue;
            }
            String type = files.read(zone.resolve("type")).orElse("").toLowerCase(Locale.ROOT);
            if (type.contains("cpu") || type.contains("soc") || type.contains("pkg")) {
                return celsius;
            }
            if (first.isEmpty()) {
                first = celsius;
            }
        }
        return first;
    }

    private static int zoneNumber(Path zone) {
        String digits = zone.getFileName().toString().substring("thermal_zone".length());
        return digits.matches("\\d{1,9}") ? Integer.parseInt(digits) : Integer.MAX_VALUE;
    }

    private static OptionalDouble milliCelsius(String text) {
        try {
            return OptionalDouble.of(Long.parseLong(text) / 1000.0);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    Optional<Boolean> throttled() {
        Optional<String> flags = files.read(THROTTLED).or(vcgencmd);
        return flags.flatMap(HealthProbe::throttledFlags).map(bits -> (bits & THROTTLED_NOW) != 0);
    }

    /** {@code 50005} (sysfs) or {@code throttled=0x50005} (vcgencmd). */
    static Optional<Long> throttledFlags(String text) {
        String hex = text.trim().replaceFirst("^throttled=", "").replaceFirst("^0[xX]", "");
        try {
            return Optional.of(Long.parseLong(hex, 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code VmRSS:   123456 kB} in /proc/self/status. */
    OptionalLong rss() {
        List<String> lines;
        try {
            lines = files.lines(STATUS);
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 3 && words[0].equals("VmRSS:") && words[2].equals("kB") && words[1].matches("\\d{1,15}")) {
                return OptionalLong.of(Long.parseLong(words[1]) * 1024);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Runs {@code vcgencmd get_throttled} for boards whose kernel lacks the sysfs file. After the
     * first failure (no such command, no access to /dev/vcio) it stops trying.
     */
    private static final class Vcgencmd implements Supplier<Optional<String>> {
        private volatile boolean available = true;

        @Override
        public Optional<String> get() {
            if (!available) {
                return Optional.empty();
            }
            try {
                Process process = new ProcessBuilder("vcgencmd", "get_throttled").redirectErrorStream(true).start();
                byte[] out = process.getInputStream().readNBytes(256);
                if (process.waitFor(2, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return Optional.of(new String(out, StandardCharsets.US_ASCII));
                }
                process.destroyForcibly();
            } catch (IOException e) {
                // No vcgencmd on this board.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            available = false;
            return Optional.empty();
        }
    }
}
