package org.malcomedge.coordinator.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import org.malcomedge.agent.cli.InputException;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.Splits;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.transport.TransportException;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.RunInfo;
import org.malcomedge.coordinator.report.RunRecorder;
import org.malcomedge.coordinator.report.Summary;
import org.malcomedge.coordinator.topology.MixingWeights;
import org.malcomedge.coordinator.topology.Topologies;
import org.malcomedge.coordinator.topology.Topology;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import org.malcomedge.firmware.topics.Topics;

/**
 * Turns an {@link ExperimentSpec} into a simulated fleet run recorded in a run folder: loads and
 * splits the data, builds the topology, model, compressor and trainers, runs the rounds and writes
 * rounds.csv, summary.json and report.html as they come.
 */
public final class Simulation {

    /** What the user sees while a run goes (a progress bar, or nothing in tests). */
    public interface Progress {
        void round(FleetRound round, int rounds);

        Progress NONE = (round, rounds) -> { };
    }

    private final ExperimentSpec spec;
    private final Path dataDir;
    private final Backend backend;
    private final int threads;

    public Simulation(ExperimentSpec spec, Path dataDir, Backend backend, int threads) {
        this.spec = spec;
        this.dataDir = dataDir;
        this.backend = backend;
        this.threads = threads;
    }

    /** The compressor an algorithm uses when none is named (DESIGN.md section 3.4 short names). */
    public static String defaultCompressor(Algorithm algorithm) {
        return switch (algorithm) {
            case DPSGD -> "dense";
            case CHOCO -> "qsgd:16";
            case MALCOM -> "malcom:4";
        };
    }

    /** Runs the experiment, recording into {@code folder}; returns the summary also written to summary.json. */
    public Summary run(RunFolder folder, Progress progress) throws IOException {
        Algorithm algorithm = Algorithm.parse(spec.variant().algorithm());
        Compressor compressor = compressor(algorithm);
        TrainTest data = Datasets.load(spec.dataset(), spec.label(), dataDir);
        int[][] partitions = Splits.parse(spec.split()).assign(data.train().y(), data.train().classes(), spec.nodes(), spec.seed());
        ModelSpec model = parse(() -> ModelSpec.parse(spec.model(), data.train().features(), data.train().classes()));
        Topology topology = parse(() -> Topologies.parse(spec.topology(), spec.nodes(), spec.seed()));
        GossipParameters gossip = parse(() -> GossipParameters.of(algorithm, spec.eta(), spec.gamma(), spec.lambda())
                .withLocalSteps(spec.localSteps()));
        FleetConfig config = new FleetConfig(experimentName(folder), topology, gossip, compressor,
                () -> Trainers.create(model, backend, 1), data.train(), partitions, data.test(),
                model.initialize(spec.seed()), spec.batch(), spec.rounds(), spec.seed(),
                new FleetConfig.Evaluation(spec.evalEvery(), 0), threads, LinkModel.perfect(),
                Dropouts.none());

        double spectralGap = MixingWeights.metropolisHastings(topology.graphAt(1)).spectralGap();
        RunInfo info = new RunInfo(spec.variant().toString(), algorithm.spec(), compressor.spec(), spec.nodes(),
                spec.topology(), spectralGap, spec.dataset(), spec.split(), spec.model(), spec.rounds(), spec.seed(),
                spec.eta(), spec.gamma(), spec.lambda(), spec.batch(), spec.transport().name().toLowerCase(Locale.ROOT),
                spec.targetAccuracy().isPresent() ? spec.targetAccuracy().getAsDouble() : null);
        try (RunRecorder recorder = folder.record(info)) {
            Recording recording = new Recording(recorder, progress, spec.rounds());
            FleetResult result = runFleet(config, recording);
            Summary summary = recorder.finish(result.edges());
            folder.writeReport();
            return summary;
        } catch (TransportException e) {
            throw new IOException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (org.malcomedge.coordinator.report.RunFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The run folder's name made fit for a topic level (it names the experiment in every frame and topic). */
    private static String experimentName(RunFolder folder) {
        String name = folder.dir().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "run" : name.substring(0, Math.min(name.length(), Topics.MAX_NAME_LENGTH));
    }

    /**
     * Runs the fleet on the spec's transport: in memory, or over MQTT with one connection per node to
     * {@code --broker}, or to an embedded broker started for this run and stopped after it.
     */
    private FleetResult runFleet(FleetConfig config, FleetListener listener) {
        if (spec.transport() == ExperimentSpec.TransportKind.MEMORY) {
            return new SimulatedFleet(config).run(listener);
        }
        try (EmbeddedBroker embedded = spec.broker().isEmpty() ? EmbeddedBroker.start() : null;
             MqttFleetNetwork network = new MqttFleetNetwork(spec.broker().orElseGet(() -> embedded.uri()))) {
            SimulatedFleet fleet;
            try {
                fleet = new SimulatedFleet(config, network); // connects every node
            } catch (TransportException e) {
                if (spec.broker().isPresent()) {
                    throw new InputException("--broker: " + e.getMessage(), e);
                }
                throw e;
            }
            return fleet.run(listener);
        }
    }

    private Compressor compressor(Algorithm algorithm) {
        String compressorSpec = spec.variant().compressor().orElse(defaultCompressor(algorithm));
        return parse(() -> Compressors.parse(compressorSpec));
    }

    /** Library validation errors become one-line input errors naming the flag's value. */
    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    /** Hands each row to the recorder as it comes, and each finished round to the progress display. */
    private record Recording(RunRecorder recorder, Progress progress, int rounds) implements FleetListener {

        @Override
        public void nodeRound(NodeRound row) {
            recorder.nodeRound(row);
        }

        @Override
        public void fleetRound(FleetRound round) {
            recorder.fleetRound(round);
            progress.round(round, rounds);
        }
    }
}
