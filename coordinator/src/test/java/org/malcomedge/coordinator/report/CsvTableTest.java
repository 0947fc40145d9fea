package org.malcomedge.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

    @TempDir
    Path dir;

    @Test
    void nodeRowsRoundTripExactlyWhateverTheLocale() throws Exception {
        List<NodeRound> rows = List.of(
                new NodeRound(0, "n0", 2.302585092994046, 0.1, 0.0, 0, 0, -1, 0, 0, 1.5, 2.25, 0.0025),
                new NodeRound(1, "node,with \"comma\"", 1e-7, Double.NaN, 0.333333333333333, 123456789012L, 98765L, 4321, 2, 1,
                        0.125, 1e6, 3.5, 0.0241));
        Path file = dir.resolve("rounds.csv");
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            CsvTable.ROUNDS.write(file, rows);
        } finally {
            Locale.setDefault(before);
        }
        assertEquals(rows, CsvTable.ROUNDS.read(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals("round,node,train_loss,test_accuracy,sparsity,payload_bits,frame_bytes,socket_bytes,"
                + "repairs,dropped_frames,compute_ms,wall_ms,elapsed_seconds,gamma", lines.get(0));
        assertEquals("0,n0,2.302585092994046,0.1,0.0,0,0,,0,0,1.5,2.25,0.0025,", lines.get(1),
                "unmeasured socket bytes are empty, and so is a step that does not exist");
        assertTrue(lines.get(2).endsWith(",3.5,0.0241"), lines.get(2));
        assertTrue(lines.get(2).contains(",,0.333333333333333,"), "NaN accuracy is an empty cell: " + lines.get(2));
    }

    @Test
    void roundsWrittenBeforeTheWallClockColumnStillRead() throws Exception {
        Path file = dir.resolve("rounds.csv");
        Files.writeString(file, "round,node,train_loss,test_accuracy,sparsity,payload_bits,frame_bytes,socket_bytes,"
                + "repairs,dropped_frames,compute_ms,wall_ms\n1,n0,0.5,0.9,0.1,64,20,,0,0,1.5,2.25\n");
        assertEquals(List.of(new NodeRound(1, "n0", 0.5, 0.9, 0.1, 64, 20, -1, 0, 0, 1.5, 2.25)), CsvTable.ROUNDS.read(file));
    }

    @Test
    void fleetAndEdgeRowsRoundTrip() throws Exception {
        List<FleetRound> fleet = List.of(new FleetRound(3, 0.5, 1e-3, 0.75, Double.NaN, 0.25, 800, 140, 1.5));
        List<EdgeTraffic> edges = List.of(new EdgeTraffic("a", "b", 64, 20));
        CsvTable.FLEET.write(dir.resolve("fleet.csv"), fleet);
        CsvTable.EDGES.write(dir.resolve("edges.csv"), edges);
        assertEquals(fleet, CsvTable.FLEET.read(dir.resolve("fleet.csv")));
        assertEquals(edges, CsvTable.EDGES.read(dir.resolve("edges.csv")));
        assertEquals("round,consensus_distance,normalized_consensus_distance,mean_test_accuracy,average_model_accuracy,"
                + "mean_sparsity,payload_bits,frame_bytes,elapsed_seconds", Files.readAllLines(dir.resolve("fleet.csv")).get(0));
    }

    @Test
    void columnsAreFoundByNameSoOrderAndExtrasDoNotMatter() throws Exception {
        Path file = dir.resolve("edges.csv");
        Files.writeString(file, "frame_bytes,comment,b,a,payload_bits\n20,x,b,a,64\n");
        assertEquals(List.of(new EdgeTraffic("a", "b", 64, 20)), CsvTable.EDGES.read(file));
    }

    @Test
    void aBadCellNamesFileLineAndColumn() throws Exception {
        Path file = dir.resolve("edges.csv");
        Files.writeString(file, "a,b,payload_bits,frame_bytes\na,b,64,20\n\nc,d,lots,20\n");
        RunFormatException e = assertThrows(RunFormatException.class, () -> CsvTable.EDGES.read(file));
        assertEquals(file + ":4: column 'payload_bits': 'lots' is not an integer", e.getMessage());
    }

    @Test
    void aMissingColumnAShortRowAndAMissingFileAreOneLineErrors() throws Exception {
        Path file = dir.resolve("edges.csv");
        Files.writeString(file, "a,b,payload_bits\n");
        assertEquals(file + ":1: missing column 'frame_bytes' in the header",
                assertThrows(RunFormatException.class, () -> CsvTable.EDGES.read(file)).getMessage());
        Files.writeString(file, "a,b,payload_bits,frame_bytes\na,b,1\n");
        assertEquals(file + ":2: has 3 cells, no value for column 'frame_bytes'",
                assertThrows(RunFormatException.class, () -> CsvTable.EDGES.read(file)).getMessage());
        Path missing = dir.resolve("nope.csv");
        assertEquals(missing + ": missing file", assertThrows(RunFormatException.class, () -> CsvTable.EDGES.read(missing)).getMessage());
        Files.writeString(file, "");
        assertTrue(assertThrows(RunFormatException.class, () -> CsvTable.EDGES.read(file)).getMessage().startsWith(file + ":1: empty file"));
    }
}
