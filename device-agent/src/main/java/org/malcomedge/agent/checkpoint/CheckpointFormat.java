package org.malcomedge.agent.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.malcomedge.agent.gossip.NodeSnapshot;
import org.malcomedge.agent.star.WorkerSnapshot;

/**
 * A checkpoint's bytes (big-endian): magic {@code MCKP}, version byte, body length (int32), body,
 * CRC-32C of the body (int32).
 *
 * <p>Body: experiment and node (int16 length + UTF-8), plan digest (int64), epoch (int32); then
 * <ul>
 *   <li>version 1 (gossip nodes only, still read): round (int32), seq (int64), dimension d (int32),
 *       x_i (d float32), xhat_i (d float32);</li>
 *   <li>version 2 (written): a kind byte, then kind 1 (gossip node) as version 1's rest, or kind 2
 *       (star worker): round (int32), minibatches drawn (int64), dither generator position (int64),
 *       d (int32), w_hat, H, h_i (d float32 each); or kind 3 (gossip node with its consensus step,
 *       written for gossip nodes): round (int32), seq (int64), gamma_i (float64), then as kind 1 from d;
 *       or kind 4 (gossip node tracking the gradient, beer and malcom-beer): round (int32), seq
 *       (int64), gamma_i (float64), d (int32), a byte 1 once the tracker started (0 before round 1),
 *       x_i, h_i, g_i and, once started, v_i and the last gradient (d float32 each); or kind 5
 *       (gossip node with momentum, any algorithm): round (int32), seq (int64), gamma_i (float64),
 *       d (int32), a tracking byte (0 none, 1 tracking before round 1, 2 tracking started), then x_i,
 *       xhat_i (d or, tracking, 2d), the tracker as kind 4's (0 or 2d) and the momentum buffer (d
 *       float32 each). Nodes without momentum still write kind 3 or 4.</li>
 * </ul>
 * Any other version is rejected naming it (a checkpoint of a newer agent is not guessed at).
 */
final class CheckpointFormat {

    private static final byte[] MAGIC = "MCKP".getBytes(StandardCharsets.US_ASCII);
    private static final byte GOSSIP_ONLY = 1;
    private static final byte WITH_KIND = 2;
    private static final byte KIND_GOSSIP = 1;
    private static final byte KIND_STAR = 2;
    private static final byte KIND_GOSSIP_STEP = 3;
    private static final byte KIND_GOSSIP_TRACKING = 4;
    private static final byte KIND_GOSSIP_MOMENTUM = 5;
    private static final int HEADER = MAGIC.length + 1 + Integer.BYTES;
    private static final int MAX_NAME = 1024;

    /** What is wrong with a file that is not a whole checkpoint (the caller names the file). */
    static final class Damaged extends Exception {
        private static final long serialVersionUID = 1L;

        Damaged(String problem) {
            super(problem, null, false, false);
        }
    }

    private CheckpointFormat() {
    }

    static byte[] encode(Checkpoint checkpoint) {
        byte[] body = body(checkpoint);
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(HEADER + body.length + Integer.BYTES)
                .put(MAGIC).put(WITH_KIND).putInt(body.length).put(body).putInt((int) crc.getValue()).array();
    }

    static Checkpoint decode(byte[] bytes) throws Damaged {
        if (bytes.length < HEADER) {
            throw new Damaged("truncated: " + bytes.length + " bytes, shorter than the header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Damaged("not a checkpoint (no MCKP magic)");
        }
        byte version = in.get();
        if (version != GOSSIP_ONLY && version != WITH_KIND) {
            throw new Damaged("format version " + version + ", this agent reads versions " + GOSSIP_ONLY + " and "
                    + WITH_KIND);
        }
        int length = in.getInt();
        if (length < 0 || (long) HEADER + length + Integer.BYTES != bytes.length) {
            throw new Damaged("truncated or padded: " + bytes.length + " bytes, the header announces "
                    + ((long) HEADER + length + Integer.BYTES));
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER, length);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, HEADER + length, Integer.BYTES).getInt()) {
            throw new Damaged("CRC-32C mismatch: the file is damaged");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, HEADER, length).slice();
        try {
            String experiment = name(body);
            String node = name(body);
            long plan = body.getLong();
            int epoch = body.getInt();
            byte kind = version == GOSSIP_ONLY ? KIND_GOSSIP : body.get();
            return switch (kind) {
                case KIND_GOSSIP -> new Checkpoint(experiment, node, plan, epoch, gossip(body, false));
                case KIND_GOSSIP_STEP -> new Checkpoint(experiment, node, plan, epoch, gossip(body, true));
                case KIND_GOSSIP_TRACKING -> new Checkpoint(experiment, node, plan, epoch, flagged(body, false));
                case KIND_GOSSIP_MOMENTUM -> new Checkpoint(experiment, node, plan, epoch, flagged(body, true));
                case KIND_STAR -> new Checkpoint(experiment, node, plan, epoch, star(body));
                default -> throw new Damaged("unknown kind " + kind + " (1, 3, 4, 5: gossip node, 2: star worker)");
            };
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new Damaged("malformed body (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static NodeSnapshot gossip(ByteBuffer body, boolean withStep) throws Damaged {
        int round = body.getInt();
        long seq = body.getLong();
        double gamma = withStep ? body.getDouble() : Double.NaN;
        int d = dimension(body, 2);
        return new NodeSnapshot(round, seq, floats(body, d), floats(body, d), gamma);
    }

    /**
     * Kind 4 (tracking; flag 1 once the tracker started) or kind 5 (momentum; flag 0 none, 1 tracking
     * before round 1, 2 tracking started), which have the same head.
     */
    private static NodeSnapshot flagged(ByteBuffer body, boolean withMomentum) throws Damaged {
        int round = body.getInt();
        long seq = body.getLong();
        double gamma = body.getDouble();
        int d = body.getInt();
        byte flag = body.get();
        int last = withMomentum ? 2 : 1;
        if (flag < 0 || flag > last) {
            throw new Damaged((withMomentum ? "tracking byte " : "tracker flag ") + flag + " (0 to " + last + ")");
        }
        int estimates = !withMomentum || flag > 0 ? 2 : 1;
        int trackers = flag == last ? 2 : 0;
        int buffers = withMomentum ? 1 : 0;
        requireFloats(body, d, 1 + estimates + trackers + buffers);
        return new NodeSnapshot(round, seq, floats(body, d), floats(body, estimates * d), gamma,
                floats(body, trackers * d), floats(body, buffers * d));
    }

    private static WorkerSnapshot star(ByteBuffer body) throws Damaged {
        int round = body.getInt();
        long batches = body.getLong();
        long compression = body.getLong();
        int d = dimension(body, 3);
        return new WorkerSnapshot(round, batches, compression, floats(body, d), floats(body, d), floats(body, d));
    }

    /** The dimension d, after checking the rest of the body is exactly {@code vectors} of d floats. */
    private static int dimension(ByteBuffer body, int vectors) throws Damaged {
        int d = body.getInt();
        requireFloats(body, d, vectors);
        return d;
    }

    private static void requireFloats(ByteBuffer body, int d, int vectors) throws Damaged {
        if (d < 0 || (long) d * vectors * Float.BYTES != body.remaining()) {
            throw new Damaged("dimension " + d + " does not match the " + body.remaining() + " bytes of parameters");
        }
    }

    private static String name(ByteBuffer body) throws Damaged {
        int n = Short.toUnsignedInt(body.getShort());
        if (n > MAX_NAME) {
            throw new Damaged("a name of " + n + " bytes");
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

    private static byte[] body(Checkpoint c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 12 * 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeName(out, c.experiment());
            writeName(out, c.node());
            out.writeLong(c.plan());
            out.writeInt(c.epoch());
            if (c.isStar()) {
                WorkerSnapshot s = c.star();
                out.writeByte(KIND_STAR);
                out.writeInt(s.round());
                out.writeLong(s.batches());
                out.writeLong(s.compression());
                out.writeInt(s.model().length);
                writeFloats(out, s.model(), s.downlinkMemory(), s.uplinkMemory());
            } else {
                NodeSnapshot s = c.gossip();
                boolean momentum = s.momentum().length > 0;
                out.writeByte(momentum ? KIND_GOSSIP_MOMENTUM : s.tracking() ? KIND_GOSSIP_TRACKING : KIND_GOSSIP_STEP);
                out.writeInt(s.round());
                out.writeLong(s.seq());
                out.writeDouble(s.gamma());
                out.writeInt(s.model().length);
                if (momentum) {
                    out.writeByte(!s.tracking() ? 0 : s.tracker().length > 0 ? 2 : 1);
                } else if (s.tracking()) {
                    out.writeByte(s.tracker().length > 0 ? 1 : 0);
                }
                writeFloats(out, s.model(), s.estimate(), s.tracker(), s.momentum());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static void writeFloats(DataOutputStream out, float[]... vectors) throws IOException {
        for (float[] vector : vectors) {
            for (float v : vector) {
                out.writeFloat(v);
            }
        }
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
