package org.malcomedge.agent.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checkpoint in two generations of files, {@code <name>.ckpt} (the latest) and
 * {@code <name>.ckpt.prev} (the one before), in {@link CheckpointFormat}. A damaged latest file
 * (bit rot, a bad card) then costs a round or a few, not the whole run.
 *
 * <p>{@link #save} writes {@code <name>.ckpt.tmp} and forces it to disk, renames the latest to prev
 * (only if the latest reads back whole: a damaged latest never pushes out a good prev), renames the
 * temporary file to the latest, and forces the directory. A crash or power cut at any step leaves a
 * whole checkpoint that {@link #load} finds:
 * <ul>
 *   <li>while writing the temporary file: latest and prev untouched (the partial .tmp is ignored);</li>
 *   <li>between the two renames: no latest, prev is the old latest;</li>
 *   <li>after the second rename, before the directory is forced: the renames that reached the disk
 *       leave whole files only (their data was forced before they were renamed).</li>
 * </ul>
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(FileCheckpointStore.class);

    private final Path file;
    private final Path previous;

    /** @param file the latest generation; the previous one is beside it, with {@code .prev} appended */
    public FileCheckpointStore(Path file) {
        this.file = file;
        this.previous = file.resolveSibling(file.getFileName() + ".prev");
    }

    /** The checkpoint of {@code node} in {@code experiment} under {@code dir}. */
    public static FileCheckpointStore in(Path dir, String experiment, String node) {
        return new FileCheckpointStore(dir.resolve(experiment + "-" + node + ".ckpt"));
    }

    /** The latest generation. */
    public Path file() {
        return file;
    }

    /** The previous generation. */
    public Path previous() {
        return previous;
    }

    @Override
    public String where() {
        return file.toString();
    }

    /**
     * The latest checkpoint if it reads back whole, else (damaged, or missing beside a prev: a crash
     * between the renames) the previous one, with a WARN naming the file passed over and the round
     * resumed from.
     *
     * @throws CorruptCheckpointException naming both files when neither reads back whole (or naming
     *                                    the latest when it is damaged and there is no prev)
     */
    @Override
    public Optional<Checkpoint> load() {
        Optional<byte[]> latestBytes = read(file);
        Optional<byte[]> previousBytes = read(previous);
        if (latestBytes.isEmpty() && previousBytes.isEmpty()) {
            return Optional.empty();
        }
        String latestProblem = "missing";
        if (latestBytes.isPresent()) {
            try {
                return Optional.of(CheckpointFormat.decode(latestBytes.get()));
            } catch (CheckpointFormat.Damaged e) {
                latestProblem = e.getMessage();
            }
        }
        if (previousBytes.isEmpty()) {
            throw CorruptCheckpointException.damaged(file.toString(), latestProblem);
        }
        try {
            Checkpoint fallback = CheckpointFormat.decode(previousBytes.get());
            log.warn("checkpoint {} cannot be used ({}); resuming from the previous one, {} (round {})", file, latestProblem,
                    previous, fallback.round());
            return Optional.of(fallback);
        } catch (CheckpointFormat.Damaged e) {
            throw CorruptCheckpointException.bothDamaged(file.toString(), latestProblem, previous.toString(),
                    e.getMessage());
        }
    }

    private static Optional<byte[]> read(Path path) {
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        ByteBuffer out = ByteBuffer.wrap(CheckpointFormat.encode(checkpoint));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.force(true);
            }
            if (latestIsWhole()) {
                Files.move(file, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void clear() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(previous);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the latest file exists and reads back whole: only then is it worth keeping as prev. */
    private boolean latestIsWhole() {
        Optional<byte[]> bytes = read(file);
        if (bytes.isEmpty()) {
            return false;
        }
        try {
            CheckpointFormat.decode(bytes.get());
            return true;
        } catch (CheckpointFormat.Damaged e) {
            log.warn("checkpoint {} cannot be used ({}); replacing it, keeping {}", file, e.getMessage(), previous);
            return false;
        }
    }

    /** Makes the renames durable (Linux: fsync on the directory). */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory; the rename is then as durable as they make it.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }
}
