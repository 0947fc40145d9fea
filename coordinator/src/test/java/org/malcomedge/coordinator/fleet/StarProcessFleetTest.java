package org.malcomedge.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.link.mqtt.MosquittoBroker;
import org.malcomedge.coordinator.experiment.Simulation;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.plan.ExperimentSpec.TransportKind;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.coordinator.plan.FleetSettings;
import org.malcomedge.coordinator.plan.Variant;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.RunResults;
import org.malcomedge.coordinator.report.Summary;
import org.malcomedge.coordinator.sim.ExperimentData;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

/**
 * A real star fleet on this machine (issue 8, "over MQTT ... in run"): the coordinator is the MCM
 * server, one agent JVM per worker, on a real Mosquitto; it computes what the in-memory star
 * computes with the same seed, row for row.
 */
class StarProcessFleetTest {

    private static final int WORKERS = 4;
    private static final int ROUNDS = 12;

    /** Kept after a failure: the agents' logs say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static ExperimentSpec spec(String algorithm, TransportKind transport, Optional<java.net.URI> broker) {
        return new ExperimentSpec(WORKERS, "ring", Variant.parse(algorithm), "digits", Optional.empty(), "iid", "mlp:16",
                ROUNDS, 0.1, OptionalDouble.of(0.1), 0, 16, 1, 7, transport, broker, OptionalDouble.empty(), 4, OptionalDouble.empty(), FeatureScaling.STANDARD);
    }

    private RunResults simulate(ExperimentSpec spec, String name, boolean processes) throws IOException {
        Simulation simulation = new Simulation(spec, Datasets.defaultDirectory(), Backend.JAVA, 2);
        if (processes) {
            simulation = simulation.withProcesses(new Simulation.Processes(FleetSettings.DEFAULTS,
                    ProcessFleet.Options.standard(Datasets.defaultDirectory(), Backend.JAVA)));
        }
        return simulation.run(RunFolder.create(dir.resolve(name), Clock.systemUTC()), Simulation.Progress.NONE).results();
    }

    /** Rand-MCM: per-worker downlinks on node/{id}/down, half the workers each round (rows of participants only). */
    @ParameterizedTest
    @ValueSource(strings = {"mcm", "rand-mcm"})
    void aStarOnAgentProcessesEqualsTheInMemoryStarRowForRow(String algorithm) throws Exception {
        RunResults memory = simulate(spec(algorithm, TransportKind.MEMORY, Optional.empty()), "star-mem", false); // names of one length: frames carry the name
        int port = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir, port,
                "listener " + port + " 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n")) {
            RunResults fleet = simulate(spec(algorithm, TransportKind.MQTT, Optional.of(broker.uri())), "star-mqt", true);
            assertEquals(memory.finalTestAccuracy(), fleet.finalTestAccuracy(), "workers' final accuracy");
            assertEquals(memory.finalAvgModelAccuracy(), fleet.finalAvgModelAccuracy(), "central model's final accuracy");
            assertEquals(memory.consensusDistance(), fleet.consensusDistance(), "workers' consensus distance");
            assertEquals(memory.uplinkPayloadBits(), fleet.uplinkPayloadBits(), "uplink bits");
            assertEquals(memory.downlinkPayloadBits(), fleet.downlinkPayloadBits(), "downlink bits");
            assertEquals(memory.uplinkFrameBytes(), fleet.uplinkFrameBytes(), "uplink frame bytes");
            assertEquals(memory.downlinkFrameBytes(), fleet.downlinkFrameBytes(), "downlink frame bytes");
            // round, node, train_loss, test_accuracy, sparsity, payload_bits, frame_bytes: the server's row
            // holds the central model's loss and accuracy, so equal rows mean the same central model w.
            assertEquals(rows(dir.resolve("star-mem")), rows(dir.resolve("star-mqt")));
            assertEquals(Files.readAllLines(dir.resolve("star-mem").resolve(RunFolder.EDGES_CSV)),
                    Files.readAllLines(dir.resolve("star-mqt").resolve(RunFolder.EDGES_CSV)), "server-worker edges");
            assertTrue(Files.exists(dir.resolve("star-mqt/agents/n3.log")));
        }
    }

    /**
     * kill -9 of worker n1 once round 4 is written, and a new process for it at once: it resumes from
     * its checkpoint, the server resends it the downlinks it missed, and the run completes with every
     * round of every worker, row for row as the in-memory star (a resumed worker computes what the
     * uninterrupted one would have).
     */
    @Test
    @Tag("slow")
    void aKilledWorkerRestartsFromItsCheckpointAndTheRunCompletes() throws Exception {
        RunResults memory = simulate(spec("mcm", TransportKind.MEMORY, Optional.empty()), "star-mem", false);
        // a round timeout that covers a JVM's restart: the server waits for the restarted worker's uplink
        FleetSettings patient = new FleetSettings(4, 120_000, 3, 0, 0);
        int port = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir, port,
                "listener " + port + " 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n")) {
            ExperimentSpec spec = spec("mcm", TransportKind.MQTT, Optional.of(broker.uri()));
            FleetPlan plan = new FleetPlan("star-kil", FleetPlan.defaultIds(WORKERS), spec, patient); // as long as "star-mem"
            ExperimentData data = ExperimentData.load(spec, Datasets.defaultDirectory());
            AtomicBoolean killed = new AtomicBoolean();
            RunResults fleetResults;
            try (ProcessFleet fleet = ProcessFleet.start(plan, broker.uri(), dir.resolve("agents"),
                    ProcessFleet.Options.standard(Datasets.defaultDirectory(), Backend.JAVA))) {
                FleetRun run = fleet.fleetRun(data.scaling(), Optional.empty());
                Simulation.Progress killAtRound4 = (fleetRound, rounds) -> {
                    if (fleetRound.round() == 4 && killed.compareAndSet(false, true)) {
                        CompletableFuture.runAsync(() -> {
                            fleet.agents().kill("n1");
                            fleet.agents().start("n1");
                        });
                    }
                };
                try (StarFleetServer server = StarFleetServer.of(plan, run.wirePlan(), data, Backend.JAVA)) {
                    Summary summary = Simulation.record(plan, run.serving(server), Optional.of(data),
                            RunFolder.create(dir.resolve("star-run"), Clock.systemUTC()), killAtRound4);
                    fleetResults = summary.results();
                }
            }
            assertTrue(killed.get(), "n1 was killed");
            String log = Files.readString(dir.resolve("agents/n1.log"));
            assertTrue(log.contains("(epoch 1, from round "), "resumed from a checkpoint in a new epoch:\n" + log);
            List<String> rows = rows(dir.resolve("star-run"));
            assertEquals(1 + ROUNDS * (WORKERS + 1), rows.size(), "a row per round for every worker and the server");
            assertEquals(rows(dir.resolve("star-mem")), rows, "the same rows as the uninterrupted in-memory star");
            assertEquals(ROUNDS, fleetResults.lastRound());
            assertEquals(memory.finalTestAccuracy(), fleetResults.finalTestAccuracy(), "workers' final accuracy");
        }
    }

    private static List<String> rows(Path run) throws IOException {
        return Files.readAllLines(run.resolve(RunFolder.ROUNDS_CSV)).stream()
                .map(line -> String.join(",", Arrays.asList(line.split(",", -1)).subList(0, 7)))
                .toList();
    }
}
