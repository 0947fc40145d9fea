package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.link.mqtt.MosquittoBroker;

/**
 * Wall time of {@code simulate} (digits, 8-node ring, 200 rounds, MALCOM) in memory, over the
 * embedded HiveMQ and over a loopback Mosquitto, side by side in one JVM, with the final accuracy
 * and socket bytes per payload byte. Prints a table; asserts nothing about speed, but that the three
 * transports give the same final accuracy and payload bits (rounds are synchronous and frames
 * applied in a fixed order) and that the brokers' sockets carry more than the payloads.
 * {@code mvn -B -q -pl coordinator -am test -Pslow -Dtest=SimulateTransportBench -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("slow")
class SimulateTransportBench {

    @Test
    void memoryVersusEmbeddedVersusMosquitto(@TempDir Path dir) throws Exception {
        List<Run> runs = new ArrayList<>();
        simulate(dir.resolve("warmup"), "--transport", "memory");
        runs.add(simulate(dir.resolve("memory"), "--transport", "memory"));
        runs.add(simulate(dir.resolve("hivemq"), "--transport", "mqtt"));
        try (MosquittoBroker mosquitto = MosquittoBroker.startAnonymous(dir)) {
            runs.add(simulate(dir.resolve("mosquitto"), "--transport", "mqtt", "--broker", mosquitto.uri().toString()));
        }
        System.out.printf("%-10s %8s %10s %16s %16s %12s%n", "run", "wall s", "accuracy", "payload bytes", "socket bytes",
                "socket/payload");
        runs.forEach(run -> System.out.println(run.line()));
        for (Run run : runs.subList(1, runs.size())) {
            assertEquals(runs.get(0).accuracy(), run.accuracy(), run.line());
            assertEquals(runs.get(0).payloadBytes(), run.payloadBytes(), run.line());
            assertTrue(run.socketBytes() > run.payloadBytes(), run.line());
        }
    }

    private record Run(String line, double accuracy, double payloadBytes, double socketBytes) {
    }

    private static Run simulate(Path out, String... transport) throws Exception {
        List<String> args = new ArrayList<>(List.of("simulate", "--out", out.toString(), "--dataset", "digits",
                "--nodes", "8", "--topology", "ring", "--rounds", "200", "--seed", "1"));
        args.addAll(List.of(transport));
        long t0 = System.nanoTime();
        MalcomCliTest.Result result = MalcomCliTest.run(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(Cli.OK, result.status(), result.err());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode results = summary.has("results") ? summary.get("results") : summary;
        double payloadBytes = results.get("total_payload_bits").asDouble() / 8;
        JsonNode socket = results.get("total_socket_bytes");
        String line = String.format("%-10s %8.1f %10.4f %16.0f %16s %12s", out.getFileName(), seconds,
                results.get("final_test_accuracy").asDouble(), payloadBytes, socket == null ? "-" : socket.asText(),
                socket == null || socket.isNull() ? "-" : String.format("%.3f", socket.asDouble() / payloadBytes));
        return new Run(line, results.get("final_test_accuracy").asDouble(), payloadBytes,
                socket == null || socket.isNull() ? Double.NaN : socket.asDouble());
    }
}
