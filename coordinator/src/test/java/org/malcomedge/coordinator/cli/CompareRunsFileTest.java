package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;

/** {@code compare --runs-file}: a sweep as one file, each run labelled and with its own step sizes (issue 20). */
class CompareRunsFileTest {

    @Test
    void eachRunTakesItsOwnSettingsAndIsShownByItsLabel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.yaml");
        Files.writeString(file, """
                runs:
                  - algorithm: dpsgd
                  - {label: choco-gamma-0.2, algorithm: choco, compressor: qsgd:16, gamma: 0.2}
                  - {label: choco-gamma-0.6, algorithm: choco, compressor: qsgd:16, gamma: 0.6, eta: 0.05}
                """);
        Path out = dir.resolve("compare");
        MalcomCliTest.Result result = MalcomCliTest.run("compare", "--runs-file", file.toString(), "--out", out.toString(),
                "--nodes", "4", "--rounds", "20", "--eval-every", "10", "--eta", "0.1", "--transport", "memory");
        assertEquals(Cli.OK, result.status(), result.err());

        JsonNode low = summary(out.resolve("choco-gamma-0.2"));
        JsonNode high = summary(out.resolve("choco-gamma-0.6"));
        assertEquals("choco-gamma-0.2", low.get("run").asText());
        assertEquals("0.2", low.get("gamma").asText());
        assertEquals(0.1, low.get("eta").asDouble(), "the flag's eta where the run sets none");
        assertEquals("0.6", high.get("gamma").asText());
        assertEquals(0.05, high.get("eta").asDouble());
        assertTrue(low.get("final_gamma").asDouble() != high.get("final_gamma").asDouble());
        String csv = Files.readString(out.resolve("compare.csv"));
        assertTrue(csv.contains("choco-gamma-0.2") && csv.contains("choco-gamma-0.6"), csv);
        assertTrue(result.out().contains("choco-gamma-0.6"), "the table names the runs by label: " + result.out());
    }

    @Test
    void aBadRunsFileStopsBeforeAnyRunWithOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.yaml");
        Files.writeString(file, "runs:\n  - algorithm: dpsgd\n  - {algorithm: choco, gamma: 3}\n");
        MalcomCliTest.Result result = MalcomCliTest.run("compare", "--runs-file", file.toString(),
                "--out", dir.resolve("c").toString(), "--rounds", "2", "--transport", "memory");
        assertEquals(Cli.USAGE, result.status());
        assertEquals("malcom: " + file + ":3: gamma: bad value 3.0 (in (0, 1], or auto)\n", result.err());
        assertTrue(Files.notExists(dir.resolve("c")), "nothing written, not even the first run");

        MalcomCliTest.Result both = MalcomCliTest.run("compare", "--runs-file", file.toString(), "--runs", "dpsgd",
                "--rounds", "2", "--transport", "memory");
        assertEquals("malcom: --runs and --runs-file: give one of them\n", both.err());
    }

    private static JsonNode summary(Path run) throws Exception {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }
}
