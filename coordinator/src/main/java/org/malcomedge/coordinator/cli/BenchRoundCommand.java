package org.malcomedge.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.InputException;
import org.malcomedge.coordinator.bench.RoundBenchmark;
import org.malcomedge.coordinator.bench.RoundBenchmark.Row;
import org.malcomedge.coordinator.bench.RoundBenchmark.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "round", mixinStandardHelpOptions = true,
        description = "Round time and socket overhead of a real fleet: 8 agent processes on a ring, d = 99,985 "
                + "(digits, mlp:1333), on a loopback Mosquitto started for the bench. Overhead = round time minus "
                + "the local training step (codec, consensus, MQTT, waiting for neighbours).")
final class BenchRoundCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON array of rows instead of the table.")
    boolean json;

    @Option(names = "--compressors", paramLabel = "LIST", split = ";", defaultValue = "dense;malcom:4",
            description = "Compressors measured, one row each, separated by ';' [${DEFAULT-VALUE}]")
    List<String> compressors;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "8",
            description = "Agents on the ring; more agents than cores measure CPU contention as well [${DEFAULT-VALUE}]")
    int nodes;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "40", description = "Rounds per row; the first 5 and the last are left out [${DEFAULT-VALUE}]")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (nodes < 2) {
            throw new InputException("--nodes: bad value " + nodes + " (a ring needs at least 2)");
        }
        if (rounds < 8) {
            throw new InputException("--rounds: bad value " + rounds + " (at least 8: 5 of warm-up, the last left out)");
        }
        List<Row> rows = new java.util.ArrayList<>();
        for (String compressor : compressors) {
            rows.add(RoundBenchmark.run(Settings.standard(nodes, compressor, rounds)));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } else {
            out.printf("%5s %8s %-10s %10s %12s %14s%n", "nodes", "d", "compressor", "round ms", "overhead ms", "socket/payload");
            for (Row row : rows) {
                out.printf("%5d %8d %-10s %10.2f %12.2f %14.3f%n", row.nodes(), row.d(), row.compressor(),
                        row.medianRoundMs(), row.medianOverheadMs(), row.socketBytesPerPayloadByte());
            }
            out.println("goals: overhead <= 3 ms median, socket/payload <= 1.05 at d = 100k");
        }
        out.flush();
        return Cli.OK;
    }
}
