package org.malcomedge.agent.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX files of MNIST-style datasets (raw or gzipped): a big-endian magic 0x0000 08 NN (unsigned
 * bytes, NN dimensions), NN big-endian int32 sizes, then the bytes. Files are read as a stream, one
 * record (image) at a time, so a node that keeps only its own rows never holds the whole set: the
 * 60,000 fashion-mnist images are 47 MB as bytes and 188 MB as floats.
 */
final class Idx {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int BUFFER = 1 << 16;

    /** Decoded file: sizes and values. */
    record Array(int[] dims, byte[] values) {
    }

    /** Takes the records of a file whose sizes are known, one at a time, in file order. */
    @FunctionalInterface
    private interface Records {
        void accept(int index, byte[] record);
    }

    private Idx() {
    }

    /** Images [n, rows, cols] (magic 0x00000803) scaled to [0, 1] and labels [n] (0x00000801) as a dataset. */
    static Dataset read(String name, Path images, Path labels, int classes) {
        return read(name, images, labels, classes, Datasets.ALL_ROWS);
    }

    /** The rows {@code selection} picks from the labels, in its order; the other images are skipped while reading. */
    static Dataset read(String name, Path images, Path labels, int classes, Datasets.RowSelection selection) {
        byte[] y = read(labels, 1).values();
        int n = y.length;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = y[i] & 0xff;
            if (ids[i] >= classes) {
                throw new DatasetException(labels + ": byte " + (headerBytes(1) + i) + ": label " + ids[i] + " is not a class in [0, " + classes + ")");
            }
        }
        int[] rows = selection.rows(ids.clone(), classes);
        int[] slot = Subsets.slots(rows, n, labels.toString());
        float[][] x = new float[1][];
        int[] features = new int[1];
        scan(images, 3, dims -> {
            if (dims[0] != n) {
                throw new DatasetException(images + " has " + dims[0] + " images but " + labels + " has " + n + " labels");
            }
            features[0] = dims[1] * dims[2];
            x[0] = new float[Math.multiplyExact(rows.length, features[0])];
            return (index, image) -> {
                if (slot[index] >= 0) {
                    int offset = slot[index] * image.length;
                    for (int f = 0; f < image.length; f++) {
                        x[0][offset + f] = (image[f] & 0xff) / 255f;
                    }
                }
            };
        });
        int[] kept = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            kept[k] = ids[rows[k]];
        }
        return new Dataset(name, x[0], kept, rows.length, features[0], classes);
    }

    static Array read(Path file, int dimensions) {
        byte[][] values = new byte[1][];
        int[] dims = scan(file, dimensions, sizes -> {
            values[0] = new byte[values(sizes)];
            int recordSize = values[0].length / sizes[0];
            return (index, record) -> System.arraycopy(record, 0, values[0], index * recordSize, recordSize);
        });
        return new Array(dims, values[0]);
    }

    /** Checks the header, then hands every record (the values of one index of the first dimension) to {@code open(dims)}. */
    private static int[] scan(Path file, int dimensions, java.util.function.Function<int[], Records> open) {
        boolean gzipped = file.getFileName().toString().endsWith(".gz");
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = new BufferedInputStream(gzipped ? new GZIPInputStream(raw, BUFFER) : raw, BUFFER)) {
            byte[] header = in.readNBytes(headerBytes(dimensions));
            if (header.length < 4) {
                throw new DatasetException(file + ": truncated: " + header.length + " bytes, no IDX header");
            }
            ByteBuffer buffer = ByteBuffer.wrap(header);
            int expectedMagic = (UNSIGNED_BYTE << 8) | dimensions;
            int magic = buffer.getInt();
            if (magic != expectedMagic) {
                throw new DatasetException(String.format("%s: byte 0: wrong IDX magic 0x%08x, expected 0x%08x (%s)",
                        file, magic, expectedMagic, dimensions == 1 ? "labels" : "images"));
            }
            if (header.length < headerBytes(dimensions)) {
                throw new DatasetException(file + ": truncated: " + header.length + " bytes, the IDX header needs " + headerBytes(dimensions));
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
            if (size > Integer.MAX_VALUE) {
                throw new DatasetException(file + ": the header promises " + size + " values, more than one array holds");
            }
            Records records = open.apply(dims);
            byte[] record = new byte[(int) (size / dims[0])];
            for (int i = 0; i < dims[0]; i++) {
                int got = in.readNBytes(record, 0, record.length);
                if (got < record.length) {
                    throw new DatasetException(file + ": truncated: the header promises " + size + " values after byte "
                            + headerBytes(dimensions) + ", the file has " + ((long) i * record.length + got));
                }
                records.accept(i, record);
            }
            long trailing = in.transferTo(OutputStream.nullOutputStream());
            if (trailing > 0) {
                throw new DatasetException(file + ": trailing bytes: the header promises " + size + " values after byte "
                        + headerBytes(dimensions) + ", the file has " + (size + trailing));
            }
            return dims;
        } catch (EOFException | ZipException e) {
            throw new DatasetException(file + ": truncated or corrupt gzip stream (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static int values(int[] dims) {
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        return (int) size;
    }

    private static int headerBytes(int dimensions) {
        return 4 + 4 * dimensions;
    }
}
