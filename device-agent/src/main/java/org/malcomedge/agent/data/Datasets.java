package org.malcomedge.agent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Loads a dataset by its spec (DESIGN.md section 6): {@code digits} (shipped), {@code fashion-mnist},
 * {@code mnist} (fetched by {@value #FETCH}) or {@code csv:PATH}. MNIST-style sets come with their
 * own test split; digits and CSV files hold out a seeded 20% ({@link #HOLDOUT_SEED}) as the test set.
 */
public final class Datasets {

    /** The command that fetches the datasets that are not shipped. */
    public static final String FETCH = "device-agent/scripts/fetch-datasets.sh";
    /** Seed of the 20% hold-out test set of digits and CSV datasets, fixed so every run tests on the same rows. */
    public static final long HOLDOUT_SEED = 0x5EEDL;
    static final double HOLDOUT_FRACTION = 0.2;
    /** Where Debian's dataset-fashion-mnist puts its files. */
    static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String DIGITS_RESOURCE = "digits.csv.gz";

    /**
     * Which rows of a set to keep, chosen from its labels (e.g. one node's share of a split, or an
     * evaluation subsample): indices in the order wanted, none twice.
     */
    @FunctionalInterface
    public interface RowSelection {
        int[] rows(int[] labels, int classes);
    }

    /** Every row, in file order. */
    public static final RowSelection ALL_ROWS = (labels, classes) -> identity(labels.length);

    private Datasets() {
    }

    /** $MALCOM_DATA, else ~/.cache/malcom-edge/datasets (the fetch script's default too). */
    public static Path defaultDirectory() {
        String env = System.getenv("MALCOM_DATA");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "malcom-edge", "datasets");
    }

    /**
     * @param label   label column (name or 0-based index), csv only
     * @param dataDir where fetched datasets live
     * @throws DatasetException naming the file and line at fault, or how to fetch a missing dataset
     */
    public static TrainTest load(String spec, Optional<String> label, Path dataDir) {
        return load(spec, label, dataDir, ALL_ROWS, ALL_ROWS);
    }

    /**
     * Only the chosen rows of the training and test sets, in the order chosen. A device keeps just
     * its own share: MNIST-style sets are read image by image and the rest is never held (a
     * node's 1/8 of fashion-mnist is 24 MB of floats instead of 188 MB), so the heap can stay small.
     *
     * @throws DatasetException naming the file and line at fault, or how to fetch a missing dataset
     */
    public static TrainTest load(String spec, Optional<String> label, Path dataDir, RowSelection train, RowSelection test) {
        String s = spec.strip();
        if (label.isPresent() && !s.startsWith("csv:")) {
            throw new DatasetException("--label applies to csv:PATH datasets only, not " + s);
        }
        return switch (s) {
            case "digits" -> select(holdOut(digits()), train, test);
            case "fashion-mnist" -> mnistStyle("fashion-mnist", List.of(dataDir.resolve("fashion-mnist"), DEBIAN_FASHION_MNIST),
                    train, test);
            case "mnist" -> mnistStyle("mnist", List.of(dataDir.resolve("mnist")), train, test);
            default -> {
                checkName(s);
                yield select(holdOut(csv(Path.of(s.substring(4)), label)), train, test);
            }
        };
    }

    /**
     * Whether {@code spec} names a dataset at all (digits, fashion-mnist, mnist or csv:PATH), before
     * anything is read.
     *
     * @throws DatasetException naming the spec and the choices
     */
    public static void checkName(String spec) {
        String s = spec.strip();
        boolean known = s.equals("digits") || s.equals("fashion-mnist") || s.equals("mnist")
                || (s.startsWith("csv:") && s.length() > 4);
        if (!known) {
            throw new DatasetException("unknown dataset '" + spec + "': expected digits, fashion-mnist, mnist or csv:PATH");
        }
    }

    /** sklearn's digits: 1797 8x8 images with values 0..16, scaled to [0, 1]. */
    static Dataset digits() {
        InputStream resource = Datasets.class.getResourceAsStream(DIGITS_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException("resource " + DIGITS_RESOURCE + " missing from the jar");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(resource), StandardCharsets.US_ASCII))) {
            return CsvTable.read("digits", DIGITS_RESOURCE, reader, false, Optional.empty(), 1f / 16);
        } catch (IOException e) {
            throw new IllegalStateException("resource " + DIGITS_RESOURCE + " unreadable: " + e.getMessage(), e);
        }
    }

    static Dataset csv(Path file, Optional<String> label) {
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CsvTable.read(name, file.toString(), reader, true, label, 1f);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The chosen rows of a set small enough to load whole (digits, CSV). */
    private static TrainTest select(TrainTest all, RowSelection train, RowSelection test) {
        if (train == ALL_ROWS && test == ALL_ROWS) {
            return all;
        }
        return new TrainTest(chosen(all.train(), train), chosen(all.test(), test), all.testSet());
    }

    private static Dataset chosen(Dataset data, RowSelection selection) {
        int[] rows = selection.rows(data.y().clone(), data.classes());
        Subsets.slots(rows, data.rows(), data.name()); // the same checks as for a streamed set
        return Subsets.rows(data, data.name(), rows);
    }

    private static TrainTest mnistStyle(String name, List<Path> candidates, RowSelection trainRows, RowSelection testRows) {
        for (Path dir : candidates) {
            Optional<Path> trainImages = idxFile(dir, "train-images-idx3-ubyte");
            if (trainImages.isPresent()) {
                Dataset train = Idx.read(name, trainImages.get(), required(dir, "train-labels-idx1-ubyte"), 10, trainRows);
                Dataset test = Idx.read(name + "-test", required(dir, "t10k-images-idx3-ubyte"), required(dir, "t10k-labels-idx1-ubyte"),
                        10, testRows);
                return new TrainTest(train, test, testRows == ALL_ROWS ? "the dataset's own " + test.rows() + "-sample test split"
                        : test.rows() + " chosen rows of the dataset's own test split");
            }
        }
        throw new DatasetException("dataset " + name + " not found in " + String.join(" or ", candidates.stream().map(Path::toString).toList())
                + ": run " + FETCH + " " + candidates.get(0).getParent());
    }

    private static Optional<Path> idxFile(Path dir, String base) {
        for (String candidate : new String[] {base, base + ".gz"}) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static Path required(Path dir, String base) {
        return idxFile(dir, base).orElseThrow(() -> new DatasetException(dir.resolve(base) + "(.gz): missing; run " + FETCH + " again"));
    }

    /** A seeded 20% of the rows as the test set, the rest for training. */
    static TrainTest holdOut(Dataset all) {
        int[] order = permutation(all.rows(), new SplittableRandom(HOLDOUT_SEED));
        int testRows = (int) Math.round(all.rows() * HOLDOUT_FRACTION);
        if (testRows < 1 || testRows >= all.rows()) {
            throw new DatasetException(all.name() + ": " + all.rows() + " rows are too few for a 20% test hold-out");
        }
        Dataset test = Subsets.rows(all, all.name() + "-test", java.util.Arrays.copyOfRange(order, 0, testRows));
        Dataset train = Subsets.rows(all, all.name(), java.util.Arrays.copyOfRange(order, testRows, all.rows()));
        return new TrainTest(train, test, "a seeded 20% hold-out (" + testRows + " rows, seed " + HOLDOUT_SEED + ")");
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
