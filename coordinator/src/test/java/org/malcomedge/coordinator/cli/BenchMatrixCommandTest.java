package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;

class BenchMatrixCommandTest {

    @Test
    void everyCellIsACompareAndTheTableJudgesTheGoals(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("matrix");
        MalcomCliTest.Result result = MalcomCliTest.run("bench", "matrix", "--datasets", "digits,csv:sensors",
                "--splits", "iid", "--runs", "dpsgd;choco:qsgd:16;malcom", "--rounds", "6", "--eval-every", "3",
                "--out", out.toString());
        assertEquals(Cli.OK, result.status(), result.err());
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(0).startsWith("dataset "), result.out());
        assertEquals(6, lines.stream().filter(l -> l.startsWith("digits ") || l.startsWith("csv:sensors ")).count(),
                result.out());
        assertTrue(result.out().contains("no run diverges"), result.out());
        assertTrue(result.out().contains("malcom reaches the target with <= 0.5x the bits of choco:qsgd:16"), result.out());
        assertTrue(Files.exists(out.resolve("digits-iid").resolve("compare.csv")));
        assertTrue(Files.exists(out.resolve("data").resolve("sensors.csv")), "the raw-count CSV is kept beside the cells");
        assertEquals(result.out().substring(0, result.out().indexOf("wrote ")), Files.readString(out.resolve("matrix.txt")));
    }

    @Test
    void aCellThatCannotRunEndsTheMatrixWithItsError(@TempDir Path dir) {
        MalcomCliTest.Result result = MalcomCliTest.run("bench", "matrix", "--datasets", "digits", "--splits", "shards:0",
                "--rounds", "2", "--out", dir.resolve("m").toString());
        assertEquals(Cli.USAGE, result.status(), result.err());
        assertEquals(1, result.err().lines().filter(l -> l.contains("error") || l.contains("shards")).count(), result.err());
    }
}
