package org.malcomedge.coordinator.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run folder while the run goes: call {@link #roundFinished} once per round with every
 * node's row and the fleet row (or feed {@link #nodeRound} per node then {@link #fleetRound}, as a
 * fleet listener does), then {@link #finish} once with the per-edge traffic. Each round is
 * flushed to rounds.csv and fleet.csv before the call returns, so a crash loses at most the round
 * in progress, and {@code report DIR} can rebuild the report from what is on disk. Only per-round
 * totals are kept in memory (1024 nodes cost no more than 8). Thread-safe.
 */
public final class RunRecorder implements AutoCloseable {

    private final RunFolder folder;
    private final RunInfo info;
    private final Writer roundsFile;
    private final Writer fleetFile;
    private final CsvTable<NodeRound>.Rows roundsCsv;
    private final CsvTable<FleetRound>.Rows fleetCsv;
    private final List<RoundTotals> rounds = new ArrayList<>();
    private final List<FleetRound> fleet = new ArrayList<>();
    private final List<NodeRound> pending = new ArrayList<>();
    private boolean closed;

    RunRecorder(RunFolder folder, RunInfo info) throws IOException {
        this.folder = folder;
        this.info = info;
        SummaryJson.write(folder.file(RunFolder.SUMMARY_JSON), summary());
        roundsFile = Files.newBufferedWriter(folder.file(RunFolder.ROUNDS_CSV), StandardCharsets.UTF_8);
        fleetFile = Files.newBufferedWriter(folder.file(RunFolder.FLEET_CSV), StandardCharsets.UTF_8);
        roundsCsv = CsvTable.ROUNDS.open(roundsFile);
        fleetCsv = CsvTable.FLEET.open(fleetFile);
        roundsCsv.flush();
        fleetCsv.flush();
    }

    /** Appends one finished round: every node's row (all with {@code fleetRow.round()}) and the fleet row. */
    public synchronized void roundFinished(List<NodeRound> nodeRows, FleetRound fleetRow) throws IOException {
        if (closed) {
            throw new IllegalStateException("run already finished");
        }
        for (NodeRound row : nodeRows) {
            if (row.round() != fleetRow.round()) {
                throw new IllegalArgumentException("node " + row.node() + " reports round " + row.round() + " in round " + fleetRow.round());
            }
            roundsCsv.write(row);
        }
        fleetCsv.write(fleetRow);
        roundsCsv.flush();
        fleetCsv.flush();
        long before = rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).cumulativePayloadBits();
        rounds.add(RoundTotals.ofRound(fleetRow.round(), nodeRows, before));
        fleet.add(fleetRow);
    }

    /**
     * Listener-style feed (the fleet emits rows one by one): a node's row of the round in progress,
     * kept until {@link #fleetRound}.
     */
    public synchronized void nodeRound(NodeRound row) {
        pending.add(row);
    }

    /** Ends the round in progress: writes its node rows and this fleet row, as {@link #roundFinished}. */
    public synchronized void fleetRound(FleetRound row) {
        try {
            roundFinished(pending, row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.dir() + ": " + e.getMessage(), e);
        } finally {
            pending.clear();
        }
    }

    /** Closes the CSVs and writes edges.csv, the final summary.json and report.html; returns the summary. */
    public synchronized Summary finish(List<EdgeTraffic> edges) throws IOException {
        close();
        CsvTable.EDGES.write(folder.file(RunFolder.EDGES_CSV), edges);
        RunRecord run = new RunRecord(folder.dir(), info, rounds, fleet, edges);
        Summary summary = run.summary();
        SummaryJson.write(folder.file(RunFolder.SUMMARY_JSON), summary);
        Files.writeString(folder.file(RunFolder.REPORT_HTML), ReportPage.single(run));
        return summary;
    }

    /** The summary of the rounds recorded so far. */
    public synchronized Summary summary() {
        return new Summary(info, RunResults.fromTotals(info.targetAccuracy(), info.classes(), rounds, fleet));
    }

    /** Closes the CSV files without writing results (the run failed); idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            try (roundsFile; fleetFile) {
                roundsCsv.close();
                fleetCsv.close();
            }
        }
    }
}
