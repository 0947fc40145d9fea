package org.malcomedge.coordinator.plan;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A gzipped POSIX ustar archive of plain files in one folder level, owned by uid/gid 0 (what
 * {@code tar -xzf} as root gives to root, and as a user to that user). Enough for a device
 * bundle; names are at most 100 bytes.
 */
final class Tarball implements AutoCloseable {

    private static final int BLOCK = 512;

    private final OutputStream out;
    private final long mtime = System.currentTimeMillis() / 1000;

    private Tarball(OutputStream out) {
        this.out = out;
    }

    static Tarball create(Path file) throws IOException {
        return new Tarball(new GZIPOutputStream(Files.newOutputStream(file)));
    }

    void add(String name, byte[] content, int mode) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100 || name.contains("/")) {
            throw new IllegalArgumentException("tar entry '" + name + "': a plain name of at most 100 bytes");
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, content.length);
        octal(header, 136, 12, mtime);
        header[156] = '0';
        ascii(header, 257, "ustar\0");
        ascii(header, 263, "00");
        ascii(header, 265, "root");
        ascii(header, 297, "root");
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum); // six digits and a NUL, then the space already there
        out.write(header);
        out.write(content);
        out.write(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.close();
    }

    /** {@code value} as zero-padded octal digits filling {@code length - 1} bytes, then a NUL. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        ascii(header, offset, padded);
        header[offset + length - 1] = 0;
    }

    private static void ascii(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
