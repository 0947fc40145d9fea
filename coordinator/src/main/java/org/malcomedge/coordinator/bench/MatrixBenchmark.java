package org.malcomedge.coordinator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.malcomedge.coordinator.report.CompareFolder;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.RunFormatException;
import org.malcomedge.coordinator.report.RunResults;

/**
 * The benchmark matrix of issue 13: data sets x splits x runs, each cell one {@code compare} with
 * default flags (its default target: 0.98 x D-PSGD's final accuracy), read back from its folder
 * and judged against the goals: no run diverges; under iid every compressed run ends within 1 pp of
 * D-PSGD; malcom reaches the target with at most half the bits of choco:qsgd:16.
 */
public final class MatrixBenchmark {

    /** The runs of a cell: the baseline, CHOCO-QSGD, the paper's method and our best pipeline. */
    public static final String RUNS = "dpsgd;choco:qsgd:16;malcom;choco:topk:0.005+qsgd:16+range";
    public static final String QSGD = "choco:qsgd:16";
    public static final String MALCOM = "malcom";
    public static final String DPSGD = "dpsgd";

    /** Runs one cell's compare: {@code args} are the compare flags, the cell's folder the last --out. */
    public interface CompareRunner {
        void compare(List<String> args) throws IOException;
    }

    /** One run of one cell. */
    public record Row(String dataset, String split, String run, RunResults results, Double dpsgdAccuracy,
            Long qsgdBitsToTarget) {

        double deltaPoints() {
            return dpsgdAccuracy == null || results.finalTestAccuracy() == null ? Double.NaN
                    : 100 * (results.finalTestAccuracy() - dpsgdAccuracy);
        }

        Double bitsRatioToQsgd() {
            Long bits = results.payloadBitsToTarget();
            return bits == null || qsgdBitsToTarget == null ? null : (double) bits / qsgdBitsToTarget;
        }

        String verdict() {
            if (results.divergedAtRound() != null) {
                return "diverged at round " + results.divergedAtRound();
            }
            return Boolean.TRUE.equals(results.endedNearChance()) ? "near chance" : "";
        }
    }

    private MatrixBenchmark() {
    }

    /**
     * Runs every cell into {@code out/DATASET-SPLIT}; {@code csv:sensors} and {@code csv:counts26}
     * are the {@link RawScaleCsv} sets, written to {@code out/data}.
     */
    public static List<Row> run(List<String> datasets, List<String> splits, String runs, List<String> extraFlags,
            Path out, CompareRunner runner) throws IOException, RunFormatException {
        List<Row> rows = new ArrayList<>();
        for (String dataset : datasets) {
            String source = source(dataset, out.resolve("data"));
            for (String split : splits) {
                Path cell = out.resolve(cellName(dataset, split));
                List<String> args = new ArrayList<>(List.of("--dataset", source, "--split", split, "--runs", runs));
                args.addAll(extraFlags);
                args.addAll(List.of("--out", cell.toString()));
                runner.compare(args);
                rows.addAll(read(dataset, split, cell));
            }
        }
        return rows;
    }

    static String cellName(String dataset, String split) {
        return (dataset.replaceFirst("^csv:", "") + "-" + split).replaceAll("[^A-Za-z0-9.+-]+", "_");
    }

    private static String source(String dataset, Path dataDir) throws IOException {
        for (RawScaleCsv csv : List.of(RawScaleCsv.SENSORS, RawScaleCsv.COUNTS26)) {
            if (dataset.equals("csv:" + csv.name())) {
                return "csv:" + csv.writeTo(dataDir);
            }
        }
        return dataset;
    }

    /** The cell's runs, in compare.csv's order, with D-PSGD's accuracy and QSGD's bits beside each. */
    static List<Row> read(String dataset, String split, Path cell) throws IOException, RunFormatException {
        List<String> lines = Files.readAllLines(cell.resolve(CompareFolder.COMPARE_CSV));
        List<String[]> runs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", 3); // run and folder hold no commas
            runs.add(new String[] {fields[0], fields[1]});
        }
        List<RunResults> results = new ArrayList<>();
        for (String[] run : runs) {
            results.add(RunFolder.at(cell.resolve(run[1])).read().summary().results());
        }
        Double dpsgd = find(runs, results, DPSGD).map(RunResults::finalTestAccuracy).orElse(null);
        Long qsgd = find(runs, results, QSGD).map(RunResults::payloadBitsToTarget).orElse(null);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            rows.add(new Row(dataset, split, runs.get(i)[0], results.get(i), dpsgd, qsgd));
        }
        return rows;
    }

    private static Optional<RunResults> find(List<String[]> runs, List<RunResults> results, String name) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i)[0].equals(name)) {
                return Optional.of(results.get(i));
            }
        }
        return Optional.empty();
    }

    /** The table and, below it, each goal with the cells that miss it. */
    public static String render(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-14s %-14s %-38s %8s %8s %12s %8s %8s  %s%n", "dataset", "split", "run",
                "accuracy", "vs dpsgd", "bits to tgt", "x qsgd16", "zeros", "verdict"));
        for (Row row : rows) {
            RunResults r = row.results();
            out.append(String.format(Locale.ROOT, "%-14s %-14s %-38s %8s %8s %12s %8s %8s  %s%n", row.dataset(), row.split(),
                    row.run(), percent(r.finalTestAccuracy()), points(row), bits(r.payloadBitsToTarget()),
                    ratio(row.bitsRatioToQsgd()), percent(r.finalSparsity()), row.verdict()));
        }
        List<String> diverged = new ArrayList<>();
        List<String> beyondOnePoint = new ArrayList<>();
        List<String> malcomMisses = new ArrayList<>();
        for (Row row : rows) {
            String name = row.dataset() + " " + row.split() + " " + row.run();
            if (row.results().divergedAtRound() != null) {
                diverged.add(name);
            }
            boolean compressed = !row.run().equals(DPSGD);
            if (compressed && row.split().equals("iid") && !(row.deltaPoints() >= -1)) {
                beyondOnePoint.add(name + String.format(Locale.ROOT, " (%+.1f pp)", row.deltaPoints()));
            }
            Double ratio = row.bitsRatioToQsgd();
            if (row.run().equals(MALCOM) && !(ratio != null && ratio <= 0.5)) {
                malcomMisses.add(name + (ratio == null ? " (no target reached)" : String.format(Locale.ROOT, " (%.2fx)", ratio)));
            }
        }
        goal(out, "no run diverges", diverged);
        goal(out, "iid: every compressed run within 1 pp of dpsgd", beyondOnePoint);
        goal(out, "malcom reaches the target with <= 0.5x the bits of " + QSGD, malcomMisses);
        return out.toString();
    }

    private static void goal(StringBuilder out, String goal, List<String> misses) {
        out.append(misses.isEmpty() ? "met:    " : "missed: ").append(goal)
                .append(misses.isEmpty() ? "" : ": " + String.join("; ", misses)).append('\n');
    }

    private static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * value);
    }

    private static String points(Row row) {
        double delta = row.deltaPoints();
        return Double.isNaN(delta) ? "-" : String.format(Locale.ROOT, "%+.1f", delta);
    }

    private static String bits(Long bits) {
        return bits == null ? "-" : String.format(Locale.ROOT, "%.3g Mbit", bits / 1e6);
    }

    private static String ratio(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
