package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;

/** {@code simulate} by default sends every frame through an embedded MQTT broker and counts its socket bytes. */
class SimulateMqttTest {

    @Test
    void simulateDefaultsToMqttOnAnEmbeddedBrokerAndRecordsSocketBytes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("mqtt run");
        MalcomCliTest.Result result = MalcomCliTest.run("simulate", "--out", out.toString(), "--dataset", "digits",
                "--nodes", "4", "--topology", "ring", "--rounds", "10", "--seed", "1");
        assertEquals(Cli.OK, result.status(), result.err());

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("mqtt", summary.findValue("transport").asText(), summary.toString());
        JsonNode socketBytes = summary.findValue("total_socket_bytes");
        assertTrue(socketBytes.isNumber(), "total_socket_bytes: " + socketBytes);
        assertTrue(socketBytes.asLong() >= summary.findValue("total_frame_bytes").asLong(), summary.toString());
    }

    @Test
    void anUnreachableBrokerIsOneLineNamingIt(@TempDir Path dir) {
        MalcomCliTest.Result result = MalcomCliTest.run("simulate", "--out", dir.resolve("run").toString(),
                "--dataset", "digits", "--nodes", "2", "--rounds", "1", "--broker", "tcp://127.0.0.1:1");
        assertEquals(Cli.USAGE, result.status(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("tcp://127.0.0.1:1"), result.err());
    }
}
