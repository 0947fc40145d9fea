package org.malcomedge.agent.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The kernel's /proc and /sys files under a root directory: {@code /} on a device, a fake tree in
 * tests. Absolute paths such as {@code /proc/net/dev} are resolved against the root.
 */
final class SystemFiles {

    private final Path root;

    SystemFiles(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    Path resolve(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /** The trimmed content of a file, or empty if it does not exist or cannot be read. */
    Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).trim());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    Optional<String> read(String absolute) {
        return read(resolve(absolute));
    }

    /** The file's lines; the caller decides what a missing file means. */
    List<String> lines(String absolute) throws IOException {
        return Files.readAllLines(resolve(absolute));
    }
}
