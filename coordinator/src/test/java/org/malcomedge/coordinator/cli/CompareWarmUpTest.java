package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;

/**
 * compare's warm-up (issue 20, time to target): it changes no number of any run and leaves nothing
 * behind. That it removes the JIT from the first run's clock is a timing claim, measured by hand
 * (README), not asserted here.
 */
class CompareWarmUpTest {

    private static final List<String> SAME = List.of("rounds_to_target", "payload_bits_to_target", "final_test_accuracy",
            "total_payload_bits", "final_gamma");

    @Test
    void warmedRunsGiveTheColdRunsNumbersAndLeaveNothingBehind(@TempDir Path dir) throws Exception {
        Path cold = compare(dir.resolve("cold"), "0");
        Path warm = compare(dir.resolve("warm"), "5");
        for (String run : List.of("dpsgd", "choco_qsgd_16")) {
            JsonNode a = summary(cold.resolve(run));
            JsonNode b = summary(warm.resolve(run));
            for (String field : SAME) {
                assertEquals(a.get(field), b.get(field), run + " " + field);
            }
            assertEquals(Files.readAllLines(cold.resolve(run).resolve("rounds.csv")).size(),
                    Files.readAllLines(warm.resolve(run).resolve("rounds.csv")).size(), "no warm-up row recorded");
        }
        try (Stream<Path> entries = Files.list(warm)) {
            assertEquals(List.of("choco_qsgd_16", "compare.csv", "compare.md", "dpsgd", "report.html"),
                    entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aNegativeWarmUpIsOneLine(@TempDir Path dir) {
        MalcomCliTest.Result result = MalcomCliTest.run("compare", "--warmup-rounds", "-1", "--out",
                dir.resolve("c").toString(), "--rounds", "2", "--transport", "memory");
        assertEquals(Cli.USAGE, result.status());
        assertEquals("malcom: --warmup-rounds: bad value -1 (0 or more)\n", result.err());
        assertTrue(Files.notExists(dir.resolve("c")));
    }

    private static Path compare(Path out, String warmup) {
        MalcomCliTest.Result result = MalcomCliTest.run("compare", "--out", out.toString(), "--warmup-rounds", warmup,
                "--nodes", "4", "--runs", "dpsgd;choco:qsgd:16", "--rounds", "20", "--eval-every", "5",
                "--target-accuracy", "0.5", "--transport", "memory");
        assertEquals(Cli.OK, result.status(), result.err());
        return out;
    }

    private static JsonNode summary(Path run) throws Exception {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }
}
