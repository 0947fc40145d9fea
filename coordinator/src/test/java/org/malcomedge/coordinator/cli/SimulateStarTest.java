package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.link.mqtt.MosquittoPerClass;

/** Star mode through the launcher: over a broker, the uplink/downlink split, and {@code --participation}. */
class SimulateStarTest {

    @RegisterExtension
    static final MosquittoPerClass broker = new MosquittoPerClass();

    @Test
    void randMcmOverABrokerReportsUplinkAndDownlinkAndTakesTheParticipationFraction(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        MalcomCliTest.Result result = MalcomCliTest.run("simulate", "--out", out.toString(), "--dataset", "digits",
                "--algorithm", "rand-mcm", "--participation", "0.25", "--nodes", "8", "--rounds", "6",
                "--broker", broker.uri().toString());
        assertEquals(Cli.OK, result.status(), result.err());

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("mqtt", summary.get("transport").asText());
        for (String unit : new String[] {"payload_bits", "frame_bytes", "socket_bytes"}) {
            long up = summary.get("uplink_" + unit).asLong();
            long down = summary.get("downlink_" + unit).asLong();
            assertTrue(up > 0 && down > 0, unit + ": " + summary);
            assertEquals(summary.get("total_" + unit).asLong(), up + down, unit);
        }
        // 2 of 8 workers a round, and the server's row
        assertEquals(1 + 6 * (2 + 1), Files.readAllLines(out.resolve("rounds.csv")).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "simulate|--algorithm|mcm|--participation|0.5|only for rand-mcm, not mcm",
        "simulate|--algorithm|rand-mcm|--participation|1.5|--participation: bad value 1.5",
        "simulate|--algorithm|rand-mcm|--participation|0|--participation: bad value 0.0",
        "compare|--runs|mcm;mcm-naive|--participation|0.5|no run is rand-mcm"})
    void participationIsRandMcmsAndAFraction(String command, String flag, String value, String participation,
            String fraction, String message, @TempDir Path dir) {
        MalcomCliTest.Result result = MalcomCliTest.run(command, "--out", dir.resolve("run").toString(), flag, value,
                participation, fraction, "--nodes", "4", "--rounds", "2", "--transport", "memory");
        assertEquals(Cli.USAGE, result.status(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(message), result.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "simulate|--algorithm|choco|0.8|--sparsity: bad value 0.8 (only malcom has an l1 prox, not choco)",
        "simulate|--algorithm|malcom|1|--sparsity: bad value 1.0 (a fraction of zeros in (0, 1))",
        "compare|--runs|dpsgd;choco|0.8|--sparsity: only for malcom and malcom-beer, and no run is either"})
    void sparsityIsMalcomsAndAFraction(String command, String flag, String value, String sparsity, String message,
            @TempDir Path dir) {
        MalcomCliTest.Result result = MalcomCliTest.run(command, "--out", dir.resolve("run").toString(), flag, value,
                "--sparsity", sparsity, "--nodes", "4", "--rounds", "2", "--transport", "memory");
        assertEquals(Cli.USAGE, result.status(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(message), result.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "simulate|--algorithm|mcm|0.5|quasi-global|--momentum: bad value 0.5 (star mode's workers take plain steps, not mcm)",
        "simulate|--algorithm|choco|1|quasi-global|--momentum: must be in [0, 1) (0 for none), got 1.0",
        "simulate|--algorithm|beer|0.9|nesterov|--momentum-kind: 'nesterov' is not one of heavy-ball, quasi-global",
        "compare|--runs|mcm;rand-mcm|0.5|heavy-ball|--momentum: only for the gossip algorithms, and every run is star mode"})
    void momentumIsTheGossipAlgorithmsAndBelowOne(String command, String flag, String value, String momentum, String kind,
            String message, @TempDir Path dir) {
        MalcomCliTest.Result result = MalcomCliTest.run(command, "--out", dir.resolve("run").toString(), flag, value,
                "--momentum", momentum, "--momentum-kind", kind, "--nodes", "4", "--rounds", "2", "--transport", "memory");
        assertEquals(Cli.USAGE, result.status(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(message), result.err());
    }
}
