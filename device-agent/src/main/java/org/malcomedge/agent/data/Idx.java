package org.malcomedge.agent.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX files of MNIST-style datasets (raw or gzipped): a big-endian magic 0x0000 08 NN (unsigned
 * bytes, NN dimensions), NN big-endian int32 sizes, then the bytes.
 */
final class Idx {

    private static final int UNSIGNED_BYTE = 0x08;

    /** Decoded file: sizes and values. */
    record Array(int[] dims, byte[] values) {
    }

    private Idx() {
    }

    /** Images [n, rows, cols] (magic 0x00000803) scaled to [0, 1] and labels [n] (0x00000801) as a dataset. */
    static Dataset read(String name, Path images, Path labels, int classes) {
        Array x = read(images, 3);
        Array y = read(labels, 1);
        if (x.dims()[0] != y.dims()[0]) {
            throw new DatasetException(images + " has " + x.dims()[0] + " images but " + labels + " has " + y.dims()[0] + " labels");
        }
        int n = x.dims()[0];
        int features = x.dims()[1] * x.dims()[2];
        float[] features01 = new float[x.values().length];
        for (int i = 0; i < features01.length; i++) {
            features01[i] = (x.values()[i] & 0xff) / 255f;
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = y.values()[i] & 0xff;
            if (ids[i] >= classes) {
                throw new DatasetException(labels + ": byte " + (headerBytes(1) + i) + ": label " + ids[i] + " is not a class in [0, " + classes + ")");
            }
        }
        return new Dataset(name, features01, ids, n, features, classes);
    }

    static Array read(Path file, int dimensions) {
        byte[] bytes;
        try {
            bytes = file.getFileName().toString().endsWith(".gz") ? gunzip(file) : Files.readAllBytes(file);
        } catch (EOFException | ZipException e) {
            throw new DatasetException(file + ": truncated or corrupt gzip stream (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int expectedMagic = (UNSIGNED_BYTE << 8) | dimensions;
        if (bytes.length < 4) {
            throw new DatasetException(file + ": truncated: " + bytes.length + " bytes, no IDX header");
        }
        int magic = buffer.getInt();
        if (magic != expectedMagic) {
            throw new DatasetException(String.format("%s: byte 0: wrong IDX magic 0x%08x, expected 0x%08x (%s)",
                    file, magic, expectedMagic, dimensions == 1 ? "labels" : "images"));
        }
        if (bytes.length < headerBytes(dimensions)) {
            throw new DatasetException(file + ": truncated: " + bytes.length + " bytes, the IDX header needs " + headerBytes(dimensions));
        }
        int[] dims = new int[dimensions];
        long size = 1;
        for (int i = 0; i < dimensions; i++) {
            dims[i] = buffer.getInt();
            if (dims[i] < 1) {
                throw new DatasetException(file + ": byte " + (4 + 4 * i) + ": dimension " + i + " is " + dims[i]);
            }
            size *= dims[i];
        }
        long available = bytes.length - headerBytes(dimensions);
        if (available != size) {
            throw new DatasetException(file + ": " + (available < size ? "truncated" : "trailing bytes") + ": the header promises "
                    + size + " values after byte " + headerBytes(dimensions) + ", the file has " + available);
        }
        byte[] values = new byte[(int) size];
        buffer.get(values);
        return new Array(dims, values);
    }

    private static int headerBytes(int dimensions) {
        return 4 + 4 * dimensions;
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return in.readAllBytes();
        }
    }
}
