package org.malcomedge.agent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dir;

    @Test
    void digitsShipsWithASeededTwentyPercentHoldOut() {
        TrainTest digits = Datasets.load("digits", Optional.empty(), dir);
        assertEquals(1797, digits.train().rows() + digits.test().rows());
        assertEquals(359, digits.test().rows());
        assertEquals(64, digits.train().features());
        assertEquals(10, digits.train().classes());
        for (float v : digits.train().x()) {
            assertTrue(v >= 0 && v <= 1);
        }
        assertArrayEquals(digits.test().y(), Datasets.load("digits", Optional.empty(), dir).test().y());
    }

    @Test
    void csvWithLabelByNameOrIndexAndStringLabels() throws IOException {
        Path file = write("t.csv", "a,kind,b\n1,cat,2\n3,dog,4\n5,cat,6\n7,dog,8\n9,eel,10\n");
        TrainTest byName = Datasets.load("csv:" + file, Optional.of("kind"), dir);
        TrainTest byIndex = Datasets.load("csv:" + file, Optional.of("1"), dir);
        assertEquals(3, byName.train().classes());
        assertEquals(2, byName.train().features());
        assertEquals(4, byName.train().rows());
        assertArrayEquals(byName.train().x(), byIndex.train().x());
        Dataset all = Datasets.csv(file, Optional.of("kind"));
        assertArrayEquals(new int[] {0, 1, 0, 1, 2}, all.y());
        assertArrayEquals(new float[] {1, 2, 3, 4}, Arrays.copyOf(all.x(), 4));
    }

    @Test
    void csvDefaultsToTheLabelColumnThenTheLast() throws IOException {
        assertArrayEquals(new int[] {0, 1}, Datasets.csv(write("a.csv", "label,x\n5,1\n7,2\n"), Optional.empty()).y());
        assertArrayEquals(new int[] {1, 0}, Datasets.csv(write("b.csv", "x,y\n1,10\n2,9\n"), Optional.empty()).y());
    }

    @Test
    void raggedRowNamesFileAndLine() throws IOException {
        Path file = write("r.csv", "a,b,label\n1,2,0\n1,2\n");
        assertMessage(() -> Datasets.load("csv:" + file, Optional.empty(), dir), file + ":3: 2 cells, expected 3");
    }

    @Test
    void nonNumericCellNamesFileLineAndColumn() throws IOException {
        Path file = write("n.csv", "a,b,label\n1,x2,0\n");
        assertMessage(() -> Datasets.csv(file, Optional.empty()), file + ":2: column 'b': 'x2' is not a finite number");
    }

    @Test
    void unknownLabelColumnEmptyAndMissingFiles() throws IOException {
        Path file = write("l.csv", "a,b\n1,2\n");
        assertMessage(() -> Datasets.csv(file, Optional.of("c")), file + ":1: no label column 'c'");
        assertMessage(() -> Datasets.csv(write("e.csv", ""), Optional.empty()), "empty file");
        assertMessage(() -> Datasets.csv(dir.resolve("none.csv"), Optional.empty()), "none.csv: no such file");
        assertMessage(() -> Datasets.load("cifar", Optional.empty(), dir), "unknown dataset 'cifar'");
        assertMessage(() -> Datasets.load("digits", Optional.of("x"), dir), "--label applies to csv");
    }

    @Test
    void missingDatasetSaysHowToFetchIt() {
        assertMessage(() -> Datasets.load("mnist", Optional.empty(), dir),
                "dataset mnist not found in " + dir.resolve("mnist") + ": run device-agent/scripts/fetch-datasets.sh " + dir);
    }

    @Test
    void idxRoundTripFromGzipAndRaw() throws IOException {
        writeMnist(dir.resolve("mnist"), images(3, 2, 2), labels(3), true);
        TrainTest data = Datasets.load("mnist", Optional.empty(), dir);
        assertEquals(3, data.train().rows());
        assertEquals(4, data.train().features());
        assertEquals(1f, data.train().x()[3 * 4 - 1]);
        assertArrayEquals(new int[] {0, 1, 2}, data.test().y());
    }

    @Test
    void aNodeLoadsOnlyTheRowsItChoseInTheOrderItChose() throws IOException {
        writeMnist(dir.resolve("mnist"), images(5, 2, 2), labels(5), true);
        TrainTest mine = Datasets.load("mnist", Optional.empty(), dir,
                (labels, classes) -> new int[] {labels.length - 1, 1}, (labels, classes) -> new int[] {2});
        assertArrayEquals(new int[] {4, 1}, mine.train().y());
        assertArrayEquals(new float[] {4 / 255f, 4 / 255f, 4 / 255f, 1f, 1 / 255f, 1 / 255f, 1 / 255f, 1f}, mine.train().x());
        assertArrayEquals(new int[] {2}, mine.test().y());
        assertEquals(1, mine.test().rows());

        TrainTest all = Datasets.load("digits", Optional.empty(), dir);
        TrainTest share = Datasets.load("digits", Optional.empty(), dir, (labels, classes) -> new int[] {7, 3}, Datasets.ALL_ROWS);
        assertArrayEquals(Subsets.rows(all.train(), "digits", new int[] {7, 3}).x(), share.train().x());
        assertArrayEquals(all.test().y(), share.test().y());

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> Datasets.load("mnist",
                Optional.empty(), dir, (labels, classes) -> new int[] {1, 1}, Datasets.ALL_ROWS));
        assertTrue(twice.getMessage().contains("row 1 of ") && twice.getMessage().contains("chosen twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.load("mnist",
                Optional.empty(), dir, (labels, classes) -> new int[] {5}, Datasets.ALL_ROWS));
    }

    @Test
    void wrongIdxMagic() throws IOException {
        byte[] labelsAsImages = labels(3);
        writeMnist(dir.resolve("mnist"), labelsAsImages, labels(3), false);
        assertMessage(() -> Datasets.load("mnist", Optional.empty(), dir),
                "train-images-idx3-ubyte: byte 0: wrong IDX magic 0x00000801, expected 0x00000803 (images)");
    }

    @Test
    void truncatedIdxAndTruncatedGzip() throws IOException {
        byte[] images = images(3, 2, 2);
        writeMnist(dir.resolve("mnist"), Arrays.copyOf(images, images.length - 1), labels(3), false);
        assertMessage(() -> Datasets.load("mnist", Optional.empty(), dir),
                "train-images-idx3-ubyte: truncated: the header promises 12 values after byte 16, the file has 11");
        Path gz = dir.resolve("short.gz");
        byte[] zipped = gzip(images(3, 2, 2));
        Files.write(gz, Arrays.copyOf(zipped, zipped.length / 2));
        assertMessage(() -> Idx.read(gz, 3), "short.gz: truncated or corrupt gzip stream");
        Path header = dir.resolve("header");
        Files.write(header, Arrays.copyOf(images, 10));
        assertMessage(() -> Idx.read(header, 3), "header: truncated: 10 bytes, the IDX header needs 16");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        writeMnist(dir.resolve("mnist"), images(3, 2, 2), labels(2), false);
        assertMessage(() -> Datasets.load("mnist", Optional.empty(), dir), "has 3 images but");
    }

    @Test
    void realMnistStyleSetsWhenFetched() {
        Path data = Datasets.defaultDirectory();
        assumeTrue(Files.exists(data.resolve("mnist/train-images-idx3-ubyte")), "run " + Datasets.FETCH);
        TrainTest mnist = Datasets.load("mnist", Optional.empty(), data);
        assertEquals(60000, mnist.train().rows());
        assertEquals(10000, mnist.test().rows());
        assertEquals(784, mnist.train().features());
        TrainTest fashion = Datasets.load("fashion-mnist", Optional.empty(), data);
        assertEquals(60000, fashion.train().rows());
        assertEquals(10000, fashion.test().rows());
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable load, String expected) {
        DatasetException e = assertThrows(DatasetException.class, load);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** n images of h x w whose last pixel is 255 and the others i. */
    private static byte[] images(int n, int h, int w) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * h * w).putInt(0x803).putInt(n).putInt(h).putInt(w);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < h * w; p++) {
                b.put((byte) (p == h * w - 1 ? 255 : i));
            }
        }
        return b.array();
    }

    private static byte[] labels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    private static void writeMnist(Path target, byte[] images, byte[] labels, boolean gzipTrain) throws IOException {
        Files.createDirectories(target);
        String suffix = gzipTrain ? ".gz" : "";
        Files.write(target.resolve("train-images-idx3-ubyte" + suffix), gzipTrain ? gzip(images) : images);
        Files.write(target.resolve("train-labels-idx1-ubyte" + suffix), gzipTrain ? gzip(labels) : labels);
        Files.write(target.resolve("t10k-images-idx3-ubyte"), images);
        Files.write(target.resolve("t10k-labels-idx1-ubyte"), labels);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
