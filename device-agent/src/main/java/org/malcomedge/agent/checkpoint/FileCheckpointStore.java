package org.malcomedge.agent.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.malcomedge.agent.gossip.NodeSnapshot;

/**
 * A checkpoint in one file, replaced atomically: written to a temporary file, forced to disk,
 * renamed over the old one, and the directory forced, so a crash or power cut at any moment leaves
 * either the old checkpoint or the new one, whole.
 *
 * <p>Format (big-endian): magic {@code MCKP}, version byte 1, body length (int32), body, CRC-32C of
 * the body (int32). Body: experiment and node (int16 length + UTF-8), plan digest (int64), epoch
 * (int32), round (int32), seq (int64), dimension d (int32), x_i (d float32), xhat_i (d float32).
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final byte[] MAGIC = "MCKP".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final int HEADER = MAGIC.length + 1 + Integer.BYTES;
    private static final int MAX_NAME = 1024;

    private final Path file;

    public FileCheckpointStore(Path file) {
        this.file = file;
    }

    /** The checkpoint of {@code node} in {@code experiment} under {@code dir}. */
    public static FileCheckpointStore in(Path dir, String experiment, String node) {
        return new FileCheckpointStore(dir.resolve(experiment + "-" + node + ".ckpt"));
    }

    public Path file() {
        return file;
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public Optional<Checkpoint> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(decode(bytes));
    }

    private Checkpoint decode(byte[] bytes) {
        if (bytes.length < HEADER) {
            throw corrupt("truncated: " + bytes.length + " bytes, shorter than the header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw corrupt("not a checkpoint (no MCKP magic)");
        }
        byte version = in.get();
        if (version != VERSION) {
            throw corrupt("format version " + version + ", this agent reads version " + VERSION);
        }
        int length = in.getInt();
        if (length < 0 || (long) HEADER + length + Integer.BYTES != bytes.length) {
            throw corrupt("truncated or padded: " + bytes.length + " bytes, the header announces "
                    + ((long) HEADER + length + Integer.BYTES));
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER, length);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, HEADER + length, Integer.BYTES).getInt()) {
            throw corrupt("CRC-32C mismatch: the file is damaged");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, HEADER, length).slice();
        try {
            String experiment = name(body);
            String node = name(body);
            long plan = body.getLong();
            int epoch = body.getInt();
            int round = body.getInt();
            long seq = body.getLong();
            int d = body.getInt();
            if (d < 0 || (long) d * 2 * Float.BYTES != body.remaining()) {
                throw corrupt("dimension " + d + " does not match the " + body.remaining() + " bytes of parameters");
            }
            float[] model = floats(body, d);
            float[] estimate = floats(body, d);
            return new Checkpoint(experiment, node, plan, epoch, new NodeSnapshot(round, seq, model, estimate));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw corrupt("malformed body (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private String name(ByteBuffer body) {
        int n = Short.toUnsignedInt(body.getShort());
        if (n > MAX_NAME) {
            throw corrupt("a name of " + n + " bytes");
        }
        byte[] utf8 = new byte[n];
        body.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static float[] floats(ByteBuffer body, int d) {
        float[] v = new float[d];
        body.asFloatBuffer().get(v);
        body.position(body.position() + d * Float.BYTES);
        return v;
    }

    private CorruptCheckpointException corrupt(String problem) {
        return new CorruptCheckpointException(file.toString(), problem);
    }

    @Override
    public void save(Checkpoint checkpoint) {
        byte[] body = encode(checkpoint);
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer out = ByteBuffer.allocate(HEADER + body.length + Integer.BYTES);
        out.put(MAGIC).put(VERSION).putInt(body.length).put(body).putInt((int) crc.getValue()).flip();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename durable (Linux: fsync on the directory). */
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

    private static byte[] encode(Checkpoint c) {
        NodeSnapshot s = c.state();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 8 * s.model().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeName(out, c.experiment());
            writeName(out, c.node());
            out.writeLong(c.plan());
            out.writeInt(c.epoch());
            out.writeInt(s.round());
            out.writeLong(s.seq());
            out.writeInt(s.model().length);
            for (float v : s.model()) {
                out.writeFloat(v);
            }
            for (float v : s.estimate()) {
                out.writeFloat(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static void writeName(DataOutputStream out, String name) throws IOException {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_NAME) {
            throw new IllegalArgumentException("name longer than " + MAX_NAME + " bytes: " + name);
        }
        out.writeShort(utf8.length);
        out.write(utf8);
    }
}
