package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;

/**
 * Seed 003's claim at small scale, through the launcher: on digits with 20 workers MCM ends close to
 * uplink-only compression at a fraction of its bits, while naive bidirectional compression is
 * clearly worse.
 */
class CompareStarDigitsTest {

    @Test
    void mcmKeepsUpWithUplinkOnlyCompressionAndNaiveDoesNot(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("compare");
        MalcomCliTest.Result result = MalcomCliTest.run("compare", "--out", out.toString(), "--dataset", "digits",
                "--nodes", "20", "--runs", "mcm;mcm-uplink:qsgd:4:unscaled;mcm-naive:qsgd:4:unscaled",
                "--rounds", "300", "--eval-every", "50", "--seed", "1", "--transport", "memory");
        assertEquals(Cli.OK, result.status(), result.err());
        JsonNode mcm = summary(out.resolve("mcm"));
        JsonNode uplink = summary(out.resolve("mcm-uplink_qsgd_4_unscaled"));
        JsonNode naive = summary(out.resolve("mcm-naive_qsgd_4_unscaled"));
        assertEquals("none+qsgd:4:unscaled+elias", mcm.get("compressor").asText(), "MCM's default is unbiased QSGD");
        double mcmAccuracy = mcm.get("final_avg_model_accuracy").asDouble();
        assertTrue(mcmAccuracy > uplink.get("final_avg_model_accuracy").asDouble() - 0.03, "mcm " + mcm + " uplink " + uplink);
        assertTrue(mcmAccuracy > naive.get("final_avg_model_accuracy").asDouble() + 0.3, "mcm " + mcm + " naive " + naive);
        assertTrue(mcm.get("total_payload_bits").asLong() < uplink.get("total_payload_bits").asLong() / 2);
    }

    @Test
    void mcmRefusesABiasedCompressor(@TempDir Path dir) {
        MalcomCliTest.Result result = MalcomCliTest.run("simulate", "--out", dir.resolve("run").toString(),
                "--algorithm", "mcm", "--compressor", "qsgd:4", "--nodes", "4", "--rounds", "2");
        assertEquals(Cli.USAGE, result.status(), result.err());
        assertTrue(result.err().contains("qsgd:S:unscaled"), result.err());
    }

    private static JsonNode summary(Path run) throws Exception {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }
}
