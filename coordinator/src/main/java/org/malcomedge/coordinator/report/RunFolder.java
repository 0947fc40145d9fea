package org.malcomedge.coordinator.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.malcomedge.agent.InputException;

/**
 * A run's output folder (DESIGN.md section 8): {@code rounds.csv} (one row per node per round),
 * {@code fleet.csv} (one row per round), {@code edges.csv} (bytes per graph edge),
 * {@code summary.json} and {@code report.html}. The column and field definitions are in
 * coordinator/README.md.
 */
public final class RunFolder {

    public static final String ROUNDS_CSV = "rounds.csv";
    public static final String FLEET_CSV = "fleet.csv";
    public static final String EDGES_CSV = "edges.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String REPORT_HTML = "report.html";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** An existing run folder, to read back. */
    public static RunFolder at(Path dir) {
        return new RunFolder(dir);
    }

    /**
     * Creates the folder for a new run: {@code requested} if given (it may exist, but must not hold
     * a run already), else {@code runs/<UTC timestamp of clock>} (with {@code -2}, {@code -3}... if
     * taken).
     */
    public static RunFolder create(Path requested, Clock clock) throws IOException {
        return new RunFolder(createFolder(requested, clock, SUMMARY_JSON));
    }

    /** Shared by run and compare folders: {@code marker} is the file that says a folder is taken. */
    static Path createFolder(Path requested, Clock clock, String marker) throws IOException {
        Path dir = requested;
        if (dir == null) {
            Path base = Path.of("runs", STAMP.format(clock.instant()));
            dir = base;
            for (int n = 2; Files.exists(dir); n++) {
                dir = base.resolveSibling(base.getFileName() + "-" + n);
            }
        } else if (Files.exists(dir.resolve(marker))) {
            throw new InputException("--out " + dir + ": already holds a previous result (" + marker + "); choose another folder");
        } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputException("--out " + dir + ": is a file, not a folder");
        }
        Files.createDirectories(dir);
        return dir;
    }

    public Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Starts recording a run here: writes summary.json (configuration, no results yet) and the CSV headers. */
    public RunRecorder record(RunInfo info) throws IOException {
        return new RunRecorder(this, info);
    }

    /** Reads the run back; edges.csv is optional (a run that stopped early has none). */
    public RunRecord read() throws RunFormatException {
        if (!Files.isDirectory(dir)) {
            throw new RunFormatException(dir, "no such run folder");
        }
        RunInfo info = SummaryJson.readInfo(file(SUMMARY_JSON));
        List<RoundTotals> rounds = RoundTotals.of(CsvTable.ROUNDS.read(file(ROUNDS_CSV)));
        List<FleetRound> fleet = CsvTable.FLEET.read(file(FLEET_CSV));
        List<EdgeTraffic> edges = Files.exists(file(EDGES_CSV)) ? CsvTable.EDGES.read(file(EDGES_CSV)) : List.of();
        return new RunRecord(dir, info, rounds, fleet, edges);
    }

    /** Rewrites summary.json with {@code run}'s summary (e.g. after compare chose the target) and rebuilds report.html. */
    void rewrite(RunRecord run) throws RunFormatException, IOException {
        SummaryJson.write(file(SUMMARY_JSON), run.summary());
        writeReport();
    }

    /** Rebuilds report.html from the files of this folder. */
    public Path writeReport() throws RunFormatException, IOException {
        RunRecord run = read();
        Path report = file(REPORT_HTML);
        Files.writeString(report, ReportPage.single(run));
        return report;
    }
}
