package org.malcomedge.coordinator.experiment;

import static org.malcomedge.agent.InputException.orInputError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.codec.NonFiniteVectorException;
import org.malcomedge.agent.codec.TensorLayout;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.star.StarCodecs;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.transport.TransportException;
import org.malcomedge.coordinator.fleet.FleetRun;
import org.malcomedge.coordinator.fleet.ProcessFleet;
import org.malcomedge.coordinator.fleet.StarFleetServer;
import org.malcomedge.coordinator.fleet.TestScorer;
import org.malcomedge.coordinator.link.CommandRunner;
import org.malcomedge.coordinator.link.DelayRelay;
import org.malcomedge.coordinator.link.LinkSpec;
import org.malcomedge.coordinator.link.ShapedNetwork;
import org.malcomedge.coordinator.network.EmbeddedBroker;
import org.malcomedge.coordinator.network.FleetNetwork;
import org.malcomedge.coordinator.network.StarNetwork;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.coordinator.plan.FleetSettings;
import org.malcomedge.coordinator.plan.PlanYaml;
import org.malcomedge.coordinator.plan.WirePlans;
import org.malcomedge.coordinator.report.FleetRound;
import org.malcomedge.coordinator.report.ModelFiles;
import org.malcomedge.coordinator.report.NodeRound;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.RunInfo;
import org.malcomedge.coordinator.report.RunRecorder;
import org.malcomedge.coordinator.report.Summary;
import org.malcomedge.coordinator.sim.Dropouts;
import org.malcomedge.coordinator.sim.ExperimentData;
import org.malcomedge.coordinator.sim.FleetConfig;
import org.malcomedge.coordinator.sim.FleetListener;
import org.malcomedge.coordinator.sim.FleetResult;
import org.malcomedge.coordinator.sim.SimulatedFleet;
import org.malcomedge.coordinator.sim.StarConfig;
import org.malcomedge.coordinator.sim.StarFleet;
import org.malcomedge.coordinator.sim.Workload;
import org.malcomedge.coordinator.topology.MixingWeights;
import org.malcomedge.coordinator.topology.Topologies;
import org.malcomedge.coordinator.topology.Topology;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import org.malcomedge.firmware.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an {@link ExperimentSpec} into a simulated fleet run recorded in a run folder: loads and
 * splits the data, builds the topology, model, compressor and trainers, runs the rounds and writes
 * rounds.csv, summary.json and report.html as they come.
 */
public final class Simulation {

    private static final Logger log = LoggerFactory.getLogger(Simulation.class);

    /** What the user sees while a run goes (a progress bar, or nothing in tests). */
    public interface Progress {
        void round(FleetRound round, int rounds);

        Progress NONE = (round, rounds) -> { };
    }

    private final ExperimentSpec spec;
    private final Path dataDir;
    private final Backend backend;
    private final int threads;
    /** Set: every node is an agent process driven through the broker, as a real fleet. */
    private final Processes processes;
    /** The run's name in summary.json and the tables: its variant, or a runs file's label. */
    private final String label;

    /**
     * How {@code --processes} runs agents: their settings, how they are launched, and the
     * radio-shaped link each agent sits behind (null: the agents share this machine's loopback).
     */
    public record Processes(FleetSettings settings, ProcessFleet.Options options, LinkSpec link) {
        public Processes(FleetSettings settings, ProcessFleet.Options options) {
            this(settings, options, null);
        }
    }

    public Simulation(ExperimentSpec spec, Path dataDir, Backend backend, int threads) {
        this(spec, dataDir, backend, threads, null, spec.variant().toString());
    }

    private Simulation(ExperimentSpec spec, Path dataDir, Backend backend, int threads, Processes processes,
                       String label) {
        this.spec = spec;
        this.dataDir = dataDir;
        this.backend = backend;
        this.threads = threads;
        this.processes = processes;
        this.label = label;
    }

    /** The same simulation with one agent process per node (a real fleet on this machine). */
    public Simulation withProcesses(Processes agents) {
        return new Simulation(spec, dataDir, backend, threads, agents, label);
    }

    /** The same simulation recorded under another run name ({@code compare --runs-file}'s labels). */
    public Simulation labelled(String runLabel) {
        return new Simulation(spec, dataDir, backend, threads, processes, runLabel);
    }

    /** Runs the experiment, recording into {@code folder}; returns the summary also written to summary.json. */
    public Summary run(RunFolder folder, Progress progress) throws IOException {
        String name = spec.variant().algorithm();
        if (processes != null) {
            return runProcesses(folder, progress);
        }
        if (StarAlgorithm.isStar(name)) {
            return runStar(StarAlgorithm.parse(name), folder, progress);
        }
        Algorithm algorithm = Algorithm.parse(name);
        ExperimentData experiment = ExperimentData.load(spec, dataDir);
        TrainTest data = experiment.data();
        ModelSpec model = experiment.model(spec);
        Compressor compressor = compressor(algorithm.defaultCompressor()).forLayout(TensorLayout.of(model.tensorLengths()));
        Topology topology = orInputError(() -> Topologies.parse(spec.topology(), spec.nodes(), spec.seed()));
        MixingWeights weights = MixingWeights.metropolisHastings(topology.graphAt(1));
        GossipParameters gossip = orInputError(() -> WirePlans.gossipParameters(spec, algorithm, weights));
        FleetConfig config = new FleetConfig(experimentName(folder), topology, gossip, compressor,
                () -> Trainers.create(model, backend, 1), data.train(), experiment.shares(), data.test(),
                model.initialize(spec.seed()), spec.batch(), spec.rounds(), spec.seed(),
                new FleetConfig.Evaluation(spec.evalEvery(), 0), threads, LinkModel.perfect(),
                Dropouts.none());

        double spectralGap = weights.spectralGap();
        RunInfo info = info(data, algorithm.spec(), compressor.spec(), spec.topology(), spectralGap,
                spec.transport().name().toLowerCase(Locale.ROOT));
        return record(folder, info, Optional.of(new ModelFiles(model, experiment.scaling())), progress, listener -> runFleet(config, listener));
    }

    /**
     * {@code --processes}: the plan and one device.yaml per node under the run folder, one agent JVM
     * per node, a broker ({@code --broker} or an embedded one), and the run driven as {@code run}
     * drives devices; a star's server is this JVM (the agents are its workers). The agents are
     * killed on every way out.
     */
    private Summary runProcesses(RunFolder folder, Progress progress) throws IOException {
        if (spec.transport() != ExperimentSpec.TransportKind.MQTT) {
            throw new InputException("--processes: agents talk over MQTT; --transport memory cannot be used with it");
        }
        FleetPlan plan = orInputError(() -> new FleetPlan(experimentName(folder), FleetPlan.defaultIds(spec.nodes()),
                spec, processes.settings()));
        WirePlans.check(plan); // every check of the plan (algorithm, compressor, topology) before an agent starts
        ExperimentData data = ExperimentData.load(spec, dataDir);
        if (processes.link() != null && spec.broker().isPresent()) {
            throw new InputException(LinkSpec.FLAG + ": the agents reach the broker over their shaped links, so it runs "
                    + "on the links' bridge; --broker cannot be used with " + LinkSpec.FLAG);
        }
        // closed in reverse: agents first, then the relay and the broker, then the namespaces they ran in
        try (ShapedNetwork network = processes.link() == null ? null
                     : ShapedNetwork.open(plan.nodeIds().size(), processes.link(), CommandRunner.system());
             EmbeddedBroker embedded = spec.broker().isEmpty()
                     ? EmbeddedBroker.start(network == null || network.userspaceDelayMillis() > 0 ? "127.0.0.1" : network.hostAddress())
                     : null;
             DelayRelay relay = network == null || network.userspaceDelayMillis() == 0 ? null
                     : DelayRelay.start(network.hostAddress(), new InetSocketAddress("127.0.0.1", embedded.port()),
                             network.userspaceDelayMillis());
             ProcessFleet fleet = ProcessFleet.start(plan, spec.broker().orElseGet(() -> embedded.uri()), folder.dir().resolve(AGENTS),
                     network == null ? processes.options() : behind(network, relay, plan, processes.options()));
             TestScorer scorer = TestScorer.of(plan, data, backend)) {
            FleetRun run = fleet.fleetRun(data.scaling(), Optional.of(scorer));
            if (!run.isStar()) {
                return record(plan, run, Optional.of(data), folder, progress);
            }
            try (StarFleetServer server = StarFleetServer.of(plan, run.wirePlan(), data, backend)) {
                return record(plan, run.serving(server), Optional.of(data), folder, progress);
            }
        }
    }

    /**
     * Each agent (node i of the plan) runs in namespace i of {@code network} and reaches the broker
     * on the bridge: directly, or through the relay that adds the delay the kernel could not.
     */
    private static ProcessFleet.Options behind(ShapedNetwork network, DelayRelay relay, FleetPlan plan, ProcessFleet.Options options) {
        Function<String, Integer> device = id -> plan.nodeIds().indexOf(id);
        Function<String, URI> broker = relay == null ? options.agentBroker()
                : id -> URI.create("tcp://" + network.hostAddress() + ":" + relay.port());
        return new ProcessFleet.Options(options.launch().wrapped(id -> network.wrapper(device.apply(id))),
                broker, options.dataDir(), options.backend(), options.deviceTimeout(), options.awayLimit());
    }

    /**
     * Records a real fleet's run into {@code folder} (plan.yaml, rounds.csv, fleet.csv, summary.json,
     * report.html, and with the run's data at hand model.onnx and scaling.csv), as a simulation's.
     */
    public static Summary record(FleetPlan plan, FleetRun run, Optional<ExperimentData> data, RunFolder folder,
                                 Progress progress) throws IOException {
        PlanYaml.write(plan, folder.dir().resolve(PlanYaml.FILE));
        RunInfo info = run.isStar()
                ? info(plan.spec(), plan.spec().variant().toString(), run.classes(), plan.spec().variant().algorithm(), run.wirePlan().getCompressor(),
                        "star", null, "mqtt")
                : info(plan.spec(), plan.spec().variant().toString(), run.classes(), plan.spec().variant().algorithm(), run.wirePlan().getCompressor(),
                        plan.spec().topology(), run.spectralGap(), "mqtt");
        Optional<ModelFiles> files = data.map(d -> new ModelFiles(d.model(plan.spec()), d.scaling()));
        return record(folder, info, files, progress, listener -> FleetRun.unchecked(() -> run.run(listener)));
    }

    /** The folder of the agents' configs, logs and checkpoints in a {@code --processes} run folder. */
    public static final String AGENTS = "agents";

    /**
     * A star-mode run (DESIGN.md section 4, MCM): {@code --nodes} workers and a server; the variant's
     * compressor serves both directions (mcm-uplink: the downlink is {@code dense}), with
     * {@code alpha = 1/(2(omega+1))} per direction. {@code --topology} is ignored (always a star).
     */
    private Summary runStar(StarAlgorithm algorithm, RunFolder folder, Progress progress) throws IOException {
        ExperimentData experiment = ExperimentData.load(spec, dataDir);
        TrainTest data = experiment.data();
        ModelSpec model = experiment.model(spec);
        float[] initial = model.initialize(spec.seed());
        StarCodecs codecs = StarCodecs.of(algorithm, spec.variant().compressor().orElse(StarAlgorithm.DEFAULT_COMPRESSOR),
                TensorLayout.of(model.tensorLengths()));
        double participation = algorithm == StarAlgorithm.RAND_MCM
                ? spec.participation().orElse(StarAlgorithm.RAND_MCM_PARTICIPATION) : 1;
        Workload workload = new Workload(experimentName(folder), () -> Trainers.create(model, backend, 1), data.train(),
                experiment.shares(), data.test(), initial, spec.batch(), spec.rounds(), spec.seed(),
                new FleetConfig.Evaluation(spec.evalEvery(), 0), threads);
        StarConfig config = new StarConfig(workload, algorithm, codecs.up(), codecs.down(), codecs.alphaUp(),
                codecs.alphaDown(), spec.eta(), participation);
        RunInfo info = info(data, algorithm.spec(), codecs.up().spec(), "star", null,
                spec.transport().name().toLowerCase(Locale.ROOT));
        return record(folder, info, Optional.of(new ModelFiles(model, experiment.scaling())), progress, listener -> runStar(config, listener));
    }

    /** Runs the star on the spec's transport, as {@link #runFleet} runs a gossip fleet. */
    private FleetResult runStar(StarConfig config, FleetListener listener) {
        if (spec.transport() == ExperimentSpec.TransportKind.MEMORY) {
            return new StarFleet(config).run(listener);
        }
        try (EmbeddedBroker embedded = spec.broker().isEmpty() ? EmbeddedBroker.start() : null;
             StarNetwork network = StarNetwork.mqtt(spec.broker().orElseGet(() -> embedded.uri()))) {
            return connect(() -> new StarFleet(config, network)).run(listener); // connects server and workers
        }
    }

    private RunInfo info(TrainTest data, String algorithm, String compressor, String topology, Double spectralGap,
                         String transport) {
        return info(spec, label, data.test().classes(), algorithm, compressor, topology, spectralGap, transport);
    }

    private static RunInfo info(ExperimentSpec spec, String label, Integer classes, String algorithm, String compressor,
                                String topology, Double spectralGap, String transport) {
        return new RunInfo(label, algorithm, compressor, spec.nodes(),
                topology, spectralGap, spec.dataset(), spec.split(), spec.features().spec(), spec.model(), classes, spec.rounds(), spec.seed(),
                spec.eta(), spec.gammaSpec(), spec.lambda(), spec.momentum().isNone() ? null : spec.momentum().toString(),
                spec.batch(), transport,
                spec.targetAccuracy().isPresent() ? spec.targetAccuracy().getAsDouble() : null);
    }

    /**
     * Runs {@code fleet} into the run folder: rows as they come, then summary.json, report.html and
     * the model files (when there are).
     */
    private static Summary record(RunFolder folder, RunInfo info, Optional<ModelFiles> files, Progress progress,
            Function<FleetListener, FleetResult> fleet) throws IOException {
        try (RunRecorder recorder = folder.record(info)) {
            FleetResult result;
            try {
                result = fleet.apply(new Recording(recorder, progress, info.rounds()));
            } catch (NonFiniteVectorException e) {
                // a model blew up (NaN or infinite values reached a compressor): the run ends here as
                // diverged, its rows kept and summarized, so that a compare goes on with its next run
                log.warn("{}: stopped, a model holds non-finite values ({}); the rows so far are kept",
                        info.run(), e.getMessage());
                Summary summary = recorder.finish(List.of());
                folder.writeReport();
                return summary;
            }
            Summary summary = recorder.finish(result.edges());
            folder.writeReport();
            if (files.isPresent()) {
                files.get().write(folder.dir(), result.finalModels());
            }
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
             FleetNetwork network = FleetNetwork.mqtt(spec.broker().orElseGet(() -> embedded.uri()))) {
            return connect(() -> new SimulatedFleet(config, network)).run(listener); // connects every node
        }
    }

    /** Makes a fleet, which connects it; a broker the user named that cannot be reached is an input error. */
    private <F> F connect(Supplier<F> fleet) {
        try {
            return fleet.get();
        } catch (TransportException e) {
            if (spec.broker().isPresent()) {
                throw new InputException("--broker: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private Compressor compressor(String defaultSpec) {
        String compressorSpec = spec.variant().compressor().orElse(defaultSpec);
        return orInputError(() -> Compressors.parse(compressorSpec));
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
