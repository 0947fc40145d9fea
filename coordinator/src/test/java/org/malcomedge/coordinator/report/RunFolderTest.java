package org.malcomedge.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.InputException;

class RunFolderTest {

    /** The fields DESIGN.md section 8 requires of every summary.json. */
    static final List<String> DESIGN_FIELDS = List.of("algorithm", "compressor", "nodes", "topology", "spectral_gap",
            "dataset", "rounds", "seed", "final_test_accuracy", "final_avg_model_accuracy", "final_sparsity",
            "consensus_distance", "total_payload_bits", "total_frame_bytes", "total_socket_bytes", "target_accuracy",
            "rounds_to_target", "payload_bits_to_target");

    @TempDir
    Path dir;

    private static JsonNode json(Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void summaryJsonHoldsEveryDesignFieldWithNullsWhereDue() throws Exception {
        RunFolder folder = RunFolder.create(dir.resolve("run"), null);
        Summary summary = Fixtures.record(folder, Fixtures.info("malcom:8", 4, 20, 0.99), 0.9, 1000);
        JsonNode json = json(folder.file(RunFolder.SUMMARY_JSON));
        for (String field : DESIGN_FIELDS) {
            assertTrue(json.has(field), "summary.json lacks " + field + ": " + json);
        }
        assertTrue(json.get("total_socket_bytes").isNull(), "memory transport");
        assertTrue(json.get("rounds_to_target").isNull(), "0.99 is never reached");
        assertTrue(json.get("payload_bits_to_target").isNull());
        assertEquals("malcom", json.get("algorithm").asText());
        assertEquals("8", json.get("compressor").asText());
        assertEquals(0.19526, json.get("spectral_gap").asDouble());
        assertEquals(summary.results().totalPayloadBits(), json.get("total_payload_bits").asLong());
        assertEquals(4 * 20 * 1000L, json.get("total_payload_bits").asLong());
        for (String extra : List.of("eta", "gamma", "lambda", "batch", "model", "split", "transport", "elapsed_seconds",
                "seconds_to_target", "run")) {
            assertTrue(json.has(extra), extra);
        }
    }

    @Test
    void readingTheFolderBackGivesTheSameSummary() throws Exception {
        RunFolder folder = RunFolder.create(dir.resolve("run"), null);
        Summary written = Fixtures.record(folder, Fixtures.info("choco:qsgd:16", 8, 30, 0.6), 0.9, 5000);
        assertEquals(written, RunFolder.at(folder.dir()).read().summary());
        assertTrue(written.results().roundsToTarget() != null);
        assertTrue(Files.readString(folder.file(RunFolder.REPORT_HTML)).contains("<svg"));
    }

    @Test
    void eachRoundIsOnDiskAsSoonAsItIsRecorded() throws Exception {
        RunFolder folder = RunFolder.create(dir.resolve("run"), null);
        RunInfo info = Fixtures.info("dpsgd", 3, 10, 0.5);
        try (RunRecorder recorder = folder.record(info)) {
            JsonNode started = json(folder.file(RunFolder.SUMMARY_JSON));
            assertEquals("dpsgd", started.get("algorithm").asText());
            assertTrue(started.get("final_test_accuracy").isNull());
            for (int round = 0; round < 2; round++) {
                List<NodeRound> rows = Fixtures.nodeRows(round, 3, 0.9, 10);
                recorder.roundFinished(rows, Fixtures.fleetRow(round, rows));
                assertEquals(1 + 3 * (round + 1), Files.readAllLines(folder.file(RunFolder.ROUNDS_CSV)).size());
                assertEquals(2 + round, Files.readAllLines(folder.file(RunFolder.FLEET_CSV)).size());
            }
        }
        // a run that stopped early (no edges.csv, no results in summary.json) still reads back
        RunRecord partial = RunFolder.at(folder.dir()).read();
        assertEquals(1, partial.summary().results().lastRound());
        assertTrue(partial.edges().isEmpty());
    }

    @Test
    void listenerStyleFeedWritesTheSameFolderAndUnevaluatedRoundsAreStepped() throws Exception {
        RunFolder batch = RunFolder.create(dir.resolve("batch"), null);
        RunFolder fed = RunFolder.create(dir.resolve("fed"), null);
        RunInfo info = Fixtures.info("malcom", 3, 6, 0.35);
        try (RunRecorder byRound = batch.record(info); RunRecorder byRow = fed.record(info)) {
            for (int round = 1; round <= info.rounds(); round++) {
                List<NodeRound> rows = Fixtures.nodeRows(round, 3, 0.9, 100);
                if (round % 3 != 0) {
                    rows = rows.stream().map(r -> new NodeRound(r.round(), r.node(), r.trainLoss(), Double.NaN, r.sparsity(),
                            r.payloadBits(), r.frameBytes(), r.socketBytes(), r.repairs(), r.droppedFrames(),
                            r.computeMillis(), r.wallMillis())).toList();
                }
                FleetRound fleet = Fixtures.fleetRow(round, rows);
                byRound.roundFinished(rows, fleet);
                rows.forEach(byRow::nodeRound);
                byRow.fleetRound(fleet);
            }
            byRound.finish(List.of());
            byRow.finish(List.of());
        }
        for (String file : List.of(RunFolder.ROUNDS_CSV, RunFolder.FLEET_CSV, RunFolder.SUMMARY_JSON)) {
            assertEquals(Files.readString(batch.file(file)), Files.readString(fed.file(file)), file);
        }
        Summary summary = RunFolder.at(fed.dir()).read().summary();
        assertEquals(3, summary.results().roundsToTarget(), "rounds 1 and 2 were not evaluated");
        assertEquals(3 * 3 * 100L, summary.results().payloadBitsToTarget());
        String html = Files.readString(fed.file(RunFolder.REPORT_HTML));
        assertTrue(html.matches("(?s).*<path d=\"M[0-9.]+,[0-9.]+L[0-9.]+,[0-9.]+\" stroke=\"#4e79a7\" class=\"line\"><title>mean over nodes.*"),
                "the accuracy line joins the evaluated rounds 3 and 6");
    }

    @Test
    void defaultFolderIsNamedByTheClockAndNeverReused() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T09:41:05Z"), ZoneId.of("Asia/Tokyo"));
        RunFolder first = RunFolder.create(null, clock);
        RunFolder second = RunFolder.create(null, clock);
        try {
            assertEquals(Path.of("runs", "20261123-094105"), first.dir());
            assertEquals(Path.of("runs", "20261123-094105-2"), second.dir());
        } finally {
            Files.delete(cwd.resolve(second.dir()));
            Files.delete(cwd.resolve(first.dir()));
            try (var left = Files.list(cwd.resolve("runs"))) {
                if (left.findAny().isEmpty()) {
                    Files.delete(cwd.resolve("runs"));
                }
            }
        }
    }

    @Test
    void aFolderHoldingARunIsNotOverwritten() throws Exception {
        RunFolder folder = RunFolder.create(dir.resolve("run"), null);
        Fixtures.record(folder, Fixtures.info("dpsgd", 2, 2, null), 0.9, 10);
        InputException e = assertThrows(InputException.class, () -> RunFolder.create(folder.dir(), null));
        assertTrue(e.getMessage().contains("already holds"), e.getMessage());
    }

    @Test
    void missingOrMalformedFilesAreOneLineErrorsNamingFileAndLine() throws Exception {
        RunFolder folder = RunFolder.create(dir.resolve("run"), null);
        Fixtures.record(folder, Fixtures.info("dpsgd", 2, 3, null), 0.9, 10);
        Path summary = folder.file(RunFolder.SUMMARY_JSON);
        String json = Files.readString(summary);

        Files.writeString(summary, json.replace("\"algorithm\" : \"dpsgd\",", ""));
        assertEquals(summary + ": missing field 'algorithm'", readError(folder));
        Files.writeString(summary, json.replace("\"nodes\" : 2,", "\"nodes\" : 2,,"));
        String malformed = readError(folder);
        assertTrue(malformed.startsWith(summary + ":5: malformed JSON"), malformed);
        assertFalse(malformed.contains("\n"));
        Files.writeString(summary, json);

        Path rounds = folder.file(RunFolder.ROUNDS_CSV);
        List<String> lines = Files.readAllLines(rounds);
        lines.set(3, lines.get(3).replaceFirst("^1,", "one,"));
        Files.write(rounds, lines);
        assertEquals(rounds + ":4: column 'round': 'one' is not an integer", readError(folder));
        Files.delete(rounds);
        assertEquals(rounds + ": missing file", readError(folder));
    }

    private static String readError(RunFolder folder) {
        return assertThrows(RunFormatException.class, () -> RunFolder.at(folder.dir()).read()).getMessage();
    }
}
