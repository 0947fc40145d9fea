package org.malcomedge.agent.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether stderr is connected to the journal: systemd sets {@code JOURNAL_STREAM=DEV:INODE} for a
 * service whose stderr is a journal stream, and a process whose stderr still is that stream
 * (not redirected by a wrapper) should log with {@code <N>} priority prefixes and no timestamp of
 * its own (sd-daemon(3), systemd.exec(5) on {@code $JOURNAL_STREAM}).
 */
public final class JournalStream {

    private JournalStream() {
    }

    /** For this process. */
    public static boolean isStderr() {
        return isStderr(System.getenv(), JournalStream::stderrIdentity);
    }

    /**
     * @param stderr the device and inode of the process's stderr, as {@code DEV:INODE} in decimal,
     *               or empty when they cannot be read (then the variable alone decides)
     */
    static boolean isStderr(Map<String, String> env, java.util.function.Supplier<Optional<String>> stderr) {
        String stream = env.get("JOURNAL_STREAM");
        if (stream == null || !stream.matches("\\d+:\\d+")) {
            return false;
        }
        return stderr.get().map(stream::equals).orElse(true);
    }

    /** fstat(2) of fd 2 through /proc: {@code st_dev:st_ino}. */
    private static Optional<String> stderrIdentity() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            Object dev = Files.getAttribute(fd, "unix:dev");
            Object ino = Files.getAttribute(fd, "unix:ino");
            return Optional.of(dev + ":" + ino);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
