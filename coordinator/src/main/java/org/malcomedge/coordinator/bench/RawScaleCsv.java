package org.malcomedge.coordinator.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Synthetic CSV data sets whose features are raw integer counts 0..255, as sensors and counters
 * report them (nothing standardized): for the benchmark matrix, data the project was never tuned on.
 * Each class has its own mean count per feature; a row draws each count around its class mean with
 * a spread of {@code noise * sqrt(mean)} (counting noise), rounded and clipped to 0..255; the last
 * {@code nuisance} features are uniform counts that carry no label information.
 *
 * @param classes  number of labels
 * @param features count features (nuisance ones included)
 * @param nuisance features of pure noise
 * @param rows     rows written, classes in turn
 * @param noise    spread factor of the counting noise
 */
public record RawScaleCsv(String name, int classes, int features, int nuisance, int rows, double noise, long seed) {

    /** Six machine states read off 24 counters, four of them unrelated to the state. */
    public static final RawScaleCsv SENSORS = new RawScaleCsv("sensors", 6, 24, 4, 3000, 8, 11);
    /** 26 overlapping classes over 32 counters: a hard, many-class set. */
    public static final RawScaleCsv COUNTS26 = new RawScaleCsv("counts26", 26, 32, 0, 7800, 10, 12);

    /** Writes the CSV (a header, the label column last) to {@code dir/NAME.csv}; returns its path. */
    public Path writeTo(Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] means = new double[classes][features];
        for (double[] classMeans : means) {
            for (int f = 0; f < features; f++) {
                classMeans[f] = 10 + random.nextDouble() * 200;
            }
        }
        Path file = dir.resolve(name + ".csv");
        Files.createDirectories(dir);
        try (Writer out = Files.newBufferedWriter(file)) {
            StringBuilder header = new StringBuilder();
            for (int f = 0; f < features; f++) {
                header.append("c").append(f).append(',');
            }
            out.write(header.append("label\n").toString());
            for (int r = 0; r < rows; r++) {
                int label = r % classes;
                StringBuilder line = new StringBuilder();
                for (int f = 0; f < features; f++) {
                    double count = f >= features - nuisance ? random.nextInt(256)
                            : means[label][f] + random.nextGaussian() * noise * Math.sqrt(means[label][f]);
                    line.append(Math.max(0, Math.min(255, Math.round(count)))).append(',');
                }
                out.write(line.append("s").append(label).append('\n').toString());
            }
        }
        return file;
    }
}
