package org.malcomedge.coordinator.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The output folder of {@code compare}: one run folder per run (named after the run's label),
 * and compare.csv, compare.md and report.html over all of them.
 */
public final class CompareFolder {

    public static final String COMPARE_CSV = "compare.csv";
    public static final String COMPARE_MD = "compare.md";

    private final Path dir;
    private final List<RunFolder> runs = new ArrayList<>();
    private final List<Summary> finished = new ArrayList<>();

    private CompareFolder(Path dir) {
        this.dir = dir;
    }

    /** Creates the folder: {@code requested}, or {@code runs/<UTC timestamp>} (see {@link RunFolder#create}). */
    public static CompareFolder create(Path requested, Clock clock) throws IOException {
        return new CompareFolder(RunFolder.createFolder(requested, clock, COMPARE_CSV));
    }

    /** An existing compare folder, to rebuild its report. */
    public static CompareFolder at(Path dir) {
        return new CompareFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The folder for the next run, named after its label ({@code choco:qsgd:16} -> {@code choco_qsgd_16}). */
    public RunFolder newRun(String label) throws IOException {
        String base = label.replaceAll("[^A-Za-z0-9.+-]+", "_").toLowerCase(Locale.ROOT);
        String name = base.isEmpty() ? "run" : base;
        for (int n = 2; Files.exists(dir.resolve(name)); n++) {
            name = base + "-" + n;
        }
        RunFolder run = RunFolder.create(dir.resolve(name), null);
        runs.add(run);
        return run;
    }

    /**
     * After all runs: reads them back and writes compare.csv, compare.md and report.html; returns the
     * table (print {@link CompareTable#terminal()}). When no run was given a target accuracy, the
     * target is the {@link DefaultTarget}, written into every run's summary.json and report.
     */
    public CompareTable finish() throws IOException, RunFormatException {
        List<RunRecord> records = new ArrayList<>();
        for (RunFolder run : runs) {
            records.add(run.read());
        }
        Optional<DefaultTarget> target = records.stream().allMatch(r -> r.info().targetAccuracy() == null)
                ? DefaultTarget.of(records) : Optional.empty();
        if (target.isPresent()) {
            for (int i = 0; i < records.size(); i++) {
                records.set(i, records.get(i).withTargetAccuracy(target.get().accuracy()));
                runs.get(i).rewrite(records.get(i));
            }
        }
        finished.clear();
        records.forEach(record -> finished.add(record.summary()));
        CompareTable table = CompareTable.of(records, dir, target.map(DefaultTarget::description));
        table.writeCsv(dir.resolve(COMPARE_CSV));
        Files.writeString(dir.resolve(COMPARE_MD), table.markdown());
        writeReport(records, table);
        return table;
    }

    /** The runs' summaries as {@link #finish()} wrote them into their summary.json files (empty before). */
    public List<Summary> summaries() {
        return List.copyOf(finished);
    }

    /** Rebuilds report.html from compare.csv and the run folders it names. */
    public Path writeReport() throws IOException, RunFormatException {
        List<RunRecord> records = new ArrayList<>();
        for (String folder : CompareTable.readFolders(dir.resolve(COMPARE_CSV))) {
            records.add(RunFolder.at(dir.resolve(folder)).read());
        }
        if (records.isEmpty()) {
            throw new RunFormatException(dir.resolve(COMPARE_CSV), "no runs listed");
        }
        return writeReport(records, CompareTable.of(records, dir, Optional.empty()));
    }

    private Path writeReport(List<RunRecord> records, CompareTable table) throws IOException {
        Path report = dir.resolve(RunFolder.REPORT_HTML);
        Files.writeString(report, ReportPage.compare(records, table));
        return report;
    }
}
