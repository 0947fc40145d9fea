package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;

/** {@code --json}: stdout is nothing but the summaries, the same objects the run folders hold (issue 20). */
class JsonOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void simulatePrintsItsSummaryJsonAndNothingElse(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        MalcomCliTest.Result result = MalcomCliTest.run("simulate", "--json", "--out", out.toString(),
                "--nodes", "4", "--rounds", "20", "--eval-every", "10", "--target-accuracy", "0.5",
                "--transport", "memory");
        assertEquals(Cli.OK, result.status(), result.err());
        JsonNode printed = JSON.readTree(result.out()); // throws on any human line around the object
        assertTrue(printed.isObject(), result.out());
        assertEquals(summary(out), printed);
        assertTrue(printed.get("final_test_accuracy").isNumber(), "the results, not the start's nulls: " + printed);
    }

    @Test
    void comparePrintsOneArrayInRunOrderWithTheTargetItChose(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("compare");
        MalcomCliTest.Result result = MalcomCliTest.run("compare", "--json", "--out", out.toString(),
                "--nodes", "4", "--runs", "dpsgd;choco:qsgd:16", "--rounds", "20", "--eval-every", "10",
                "--transport", "memory");
        assertEquals(Cli.OK, result.status(), result.err());
        JsonNode printed = JSON.readTree(result.out());
        assertTrue(printed.isArray() && printed.size() == 2, result.out());
        List<String> folders = List.of("dpsgd", "choco_qsgd_16");
        for (int i = 0; i < folders.size(); i++) {
            JsonNode run = printed.get(i);
            assertEquals(summary(out.resolve(folders.get(i))), run, "run " + i + " as its summary.json holds it");
            // no run was given a target: compare chose 0.98x D-PSGD's final accuracy for all
            assertTrue(run.get("target_accuracy").isNumber(), run.toString());
        }
        assertEquals("dpsgd", printed.get(0).get("algorithm").asText());
    }

    private static JsonNode summary(Path run) throws Exception {
        return JSON.readTree(run.resolve("summary.json").toFile());
    }
}
