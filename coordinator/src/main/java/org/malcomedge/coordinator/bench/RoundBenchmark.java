package org.malcomedge.coordinator.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.coordinator.fleet.FleetRun;
import org.malcomedge.coordinator.fleet.ProcessFleet;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.plan.ExperimentSpec.TransportKind;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.coordinator.plan.FleetSettings;
import org.malcomedge.coordinator.plan.Variant;
import org.malcomedge.coordinator.plan.WirePlans;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.sim.ExperimentData;
import org.malcomedge.coordinator.sim.FleetListener;
import org.malcomedge.coordinator.topology.Graph;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

/**
 * {@code bench round} (DESIGN.md section 8): a ring of agent processes on a loopback Mosquitto
 * started for the bench, driven as a real fleet. From the agents' own reports, after warm-up
 * rounds: the median round time, the median round time minus the local training step (codec,
 * MQTT, waiting for neighbours, consensus), and the bytes the MQTT sockets carried per payload byte
 * that had to cross them (each payload goes up once and down once per neighbour).
 */
public final class RoundBenchmark {

    /** One table / JSON row. */
    public record Row(@JsonProperty("nodes") int nodes, @JsonProperty("d") int d,
                      @JsonProperty("compressor") String compressor,
                      @JsonProperty("median_round_ms") double medianRoundMs,
                      @JsonProperty("median_overhead_ms") double medianOverheadMs,
                      @JsonProperty("socket_bytes_per_payload_byte") double socketBytesPerPayloadByte) {
    }

    /**
     * @param warmup first rounds left out of the figures (JIT, connections settling); the last round is left out too
     */
    public record Settings(int nodes, String dataset, String model, String compressor, int rounds, int warmup,
                           Path dataDir, Backend backend) {
        /** {@code nodes} agents (8 in DESIGN.md) on a ring, digits with a 1333-wide hidden layer: d = 99,985. */
        public static Settings standard(int nodes, String compressor, int rounds) {
            return new Settings(nodes, "digits", "mlp:1333", compressor, rounds, Math.min(5, rounds / 3),
                    Datasets.defaultDirectory(), Backend.AUTO);
        }
    }

    private RoundBenchmark() {
    }

    public static Row run(Settings settings) throws IOException, InterruptedException {
        ExperimentSpec spec = new ExperimentSpec(settings.nodes(), "ring", new Variant("malcom", Optional.of(settings.compressor())),
                settings.dataset(), Optional.empty(), "iid", settings.model(), settings.rounds(), 0.05, OptionalDouble.of(0.1), 0, 16, 1, 1,
                TransportKind.MQTT, Optional.empty(), OptionalDouble.empty(), settings.rounds(), OptionalDouble.empty(), FeatureScaling.STANDARD);
        FleetPlan plan = new FleetPlan("bench-round", FleetPlan.defaultIds(settings.nodes()), spec,
                new FleetSettings(settings.rounds() + 1, 30_000, 3, 0, 200));
        ExperimentData data = ExperimentData.load(spec, settings.dataDir());
        int d = data.model(spec).dimension();
        Graph graph = WirePlans.graph(spec);
        List<NodeRound> rows = new ArrayList<>();
        FleetListener collect = new FleetListener() {
            @Override
            public void nodeRound(NodeRound row) {
                synchronized (rows) {
                    rows.add(row);
                }
            }
        };
        Path dir = Files.createTempDirectory("malcom-bench-round-");
        try (LocalMosquitto broker = LocalMosquitto.start(dir);
             ProcessFleet fleet = ProcessFleet.start(plan, broker.uri(), dir.resolve("agents"),
                     ProcessFleet.Options.standard(settings.dataDir(), settings.backend()))) {
            FleetRun.unchecked(() -> fleet.fleetRun(data.scaling(), Optional.empty()).run(collect));
        } finally {
            delete(dir);
        }
        // The last round evaluates and carries the final models to the coordinator: not a typical round.
        List<NodeRound> measured = rows.stream()
                .filter(r -> r.round() > settings.warmup() && r.round() < settings.rounds()).toList();
        if (measured.isEmpty()) {
            throw new IllegalStateException("no rounds to measure: " + settings.rounds() + " rounds, " + settings.warmup() + " of warm-up");
        }
        double socket = measured.stream().mapToLong(NodeRound::socketBytes).sum();
        double crossing = measured.stream()
                .mapToDouble(r -> r.payloadBits() / 8.0 * (1 + graph.degree(plan.indexOf(r.node())))).sum();
        return new Row(settings.nodes(), d, settings.compressor(),
                CodecBenchmark.median(measured.stream().mapToDouble(NodeRound::wallMillis).toArray()),
                CodecBenchmark.median(measured.stream().mapToDouble(r -> r.wallMillis() - r.computeMillis()).toArray()),
                socket / crossing);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
