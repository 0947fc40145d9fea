package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;

/**
 * The product's claim on a real dataset, end to end through the launcher: on digits, an 8-node
 * ring, MALCOM-PSGD reaches the target with fewer payload bits than CHOCO-QSGD, CHOCO top-k and
 * D-PSGD (issue 5's CI check).
 */
class CompareDigitsTest {

    private static final List<String> OTHERS = List.of("choco_qsgd_16", "choco_topk_0.05", "dpsgd");

    @Test
    void malcomNeedsFewestBitsToTarget(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("compare");
        MalcomCliTest.Result result = MalcomCliTest.run("compare", "--out", out.toString(), "--dataset", "digits",
                "--nodes", "8", "--topology", "ring", "--runs", "malcom;choco:qsgd:16;choco:topk:0.05;dpsgd",
                "--rounds", "200", "--target-accuracy", "0.9", "--seed", "1", // --gamma auto, the default
                // the claim is about bits, which the transport does not change (MqttFleetTest): keep CI fast
                "--transport", "memory");
        assertEquals(Cli.OK, result.status(), result.err());
        assertTrue(Files.exists(out.resolve("compare.md")) && Files.exists(out.resolve("report.html")));

        JsonNode malcom = summary(out.resolve("malcom"));
        assertEquals("none+qsgd:4+vsc", malcom.get("compressor").asText());
        assertEquals("auto", malcom.get("gamma").asText());
        double gamma = malcom.get("final_gamma").asDouble();
        assertTrue(gamma > 0.01 && gamma < 1, "auto chose a step from qsgd:4's measured delta: " + gamma);
        assertTrue(malcom.get("rounds_to_target").isInt(), "MALCOM reaches the target: " + malcom);
        assertTrue(malcom.get("diverged_at_round").isNull(), "no false alarm on a run that learns: " + malcom);
        long malcomBits = malcom.get("payload_bits_to_target").asLong();
        for (String other : OTHERS) {
            JsonNode run = summary(out.resolve(other));
            assertTrue(run.get("diverged_at_round").isNull(), other + " learns, it does not diverge: " + run);
            JsonNode bits = run.get("payload_bits_to_target");
            assertNotNull(bits, other);
            if (!bits.isNull()) {
                assertTrue(malcomBits < bits.asLong(), "malcom " + malcomBits + " bits vs " + other + " " + bits);
            }
        }
        assertTrue(summary(out.resolve("dpsgd")).get("final_test_accuracy").asDouble() > 0.9);
    }

    @Test
    void aGammaThatIsNeitherAutoNorANumberIsOneLine(@TempDir Path dir) {
        MalcomCliTest.Result result = MalcomCliTest.run("compare", "--out", dir.resolve("c").toString(), "--gamma", "fast",
                "--rounds", "2", "--transport", "memory");
        assertEquals(Cli.USAGE, result.status());
        assertEquals("malcom: --gamma: bad value 'fast' (auto, or a number in (0, 1])\n", result.err());
        assertTrue(Files.notExists(dir.resolve("c")), "nothing written");
    }

    @Test
    void aRunWhoseModelBlowsUpEndsAsDivergedWithItsRowsAndTheCompareGoesOn(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("compare");
        // eta 50: the models hold NaN within a few rounds, which the compressors refuse
        MalcomCliTest.Result result = MalcomCliTest.run("compare", "--out", out.toString(), "--dataset", "digits",
                "--nodes", "4", "--runs", "mcm;choco", "--rounds", "30", "--eval-every", "10", "--eta", "50",
                "--transport", "memory");
        assertEquals(Cli.OK, result.status(), result.err());
        for (String run : List.of("mcm", "choco")) {
            JsonNode summary = summary(out.resolve(run));
            assertTrue(summary.get("diverged_at_round").isInt(), run + ": " + summary);
            assertTrue(Files.readAllLines(out.resolve(run).resolve("rounds.csv")).size() > 1, run + " keeps its rows");
        }
        assertTrue(Files.readString(out.resolve("compare.md")).contains("diverged at round"));
    }

    private static JsonNode summary(Path run) throws Exception {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }
}
