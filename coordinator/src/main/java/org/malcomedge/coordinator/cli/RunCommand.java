package org.malcomedge.coordinator.cli;

import static org.malcomedge.agent.InputException.orInputError;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.coordinator.experiment.Simulation;
import org.malcomedge.coordinator.fleet.FleetRun;
import org.malcomedge.coordinator.fleet.StarFleetServer;
import org.malcomedge.coordinator.fleet.TestScorer;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.coordinator.plan.PlanYaml;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.Summary;
import org.malcomedge.coordinator.sim.ExperimentData;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import org.malcomedge.firmware.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives a real fleet through a broker: publishes the plan, waits for every device's BIRTH, "
                + "starts, collects the devices' reports into a run folder (as simulate writes it). "
                + "A star plan (mcm, mcm-uplink, mcm-naive, rand-mcm): the devices are the workers and this is the server.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--plan", paramLabel = "FILE", required = true, description = "plan.yaml written by `malcom plan`")
    Path planFile;

    @Option(names = "--broker", paramLabel = "URI", required = true, description = "Broker to drive the fleet through, e.g. tcp://localhost:1883")
    URI broker;

    @Option(names = "--username", paramLabel = "USER", description = "Broker user [" + FleetPlan.COORDINATOR + " when a password is given]")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the broker password (plan writes credentials/coordinator.password)")
    Path passwordFile;

    @Option(names = "--ca", paramLabel = "FILE", description = "ssl:// brokers: the CA that signed the broker's certificate (plan --tls: OUT/tls/ca.pem)")
    Path ca;

    @Option(names = "--cert", paramLabel = "FILE", description = "ssl:// brokers: the coordinator's client certificate (plan --tls: OUT/tls/clients/coordinator.pem)")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "ssl:// brokers: its private key")
    Path key;

    @Option(names = "--device-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for every device's BIRTH, e.g. 90s or 5m [${DEFAULT-VALUE}]")
    Duration deviceTimeout;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder [runs/<UTC timestamp>]")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the coordinator finds the dataset, to score the average of the final models (star plans: "
                    + "required: the server builds and scores the central model from it) "
                    + "[$MALCOM_DATA or ~/.cache/malcom-edge/datasets; without it that accuracy is left out]")
    Path dataDir;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", description = "Backend for that scoring: auto|ort|java [${DEFAULT-VALUE}]")
    Backend backend;

    @Spec
    CommandSpec command;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException, InterruptedException {
        FleetPlan plan = PlanYaml.read(planFile);
        // The client id is the user name: a plan's broker makes it so (use_username_as_clientid), and
        // a renamed client would not find the session it resumes.
        Optional<String> user = Optional.ofNullable(username).or(() -> Optional.ofNullable(passwordFile).map(f -> FleetPlan.COORDINATOR));
        String clientId = orInputError(() -> Topics.checkName("--username '" + username + "' (also the client id)",
                user.orElse(FleetPlan.COORDINATOR)));
        MqttLinkSettings link = MqttLinkSettings.of(broker, clientId, plan.experiment())
                .withCredentials(user, Optional.ofNullable(passwordFile).map(RunCommand::password))
                .withTls(tls());
        PrintWriter err = command.commandLine().getErr();
        Optional<ExperimentData> data = data(plan, err);
        Optional<TestScorer> scorer = data.map(d -> TestScorer.of(plan, d, backend));
        FleetRun run = new FleetRun(plan, data.flatMap(ExperimentData::scaling), link, deviceTimeout,
                FleetRun.DEFAULT_AWAY_LIMIT, scorer.map(s -> (FleetRun.Scorer) s));
        Optional<StarFleetServer> server = data.filter(d -> run.isStar())
                .map(d -> StarFleetServer.of(plan, run.wirePlan(), d, backend));
        server.ifPresent(run::serving);
        RunFolder folder = RunFolder.create(out, clock);
        CountDownLatch done = new CountDownLatch(1);
        Thread stopOnInterrupt = new Thread(() -> {
            run.stop(); // Ctrl-C: the devices stop after the current round
            try {
                done.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-fleet");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        Summary summary;
        try (RoundProgress progress = RoundProgress.of(plan.experiment(), plan.spec().rounds())) {
            summary = Simulation.record(plan, run, data, folder, progress);
        } finally {
            scorer.ifPresent(TestScorer::close);
            server.ifPresent(StarFleetServer::close);
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
        SimulateCommand.print(command.commandLine().getOut(), summary, folder);
        return Cli.OK;
    }

    /**
     * The plan's data as the devices see it, when this coordinator has the dataset. It must when the
     * devices standardize (the coordinator computes the statistics from their shares and sends them in
     * the plan) and for a star plan (this coordinator is the server); otherwise the run goes on
     * without average-model accuracy.
     */
    private Optional<ExperimentData> data(FleetPlan plan, PrintWriter err) {
        Path dir = dataDir != null ? dataDir : Datasets.defaultDirectory();
        try {
            return Optional.of(ExperimentData.load(plan.spec(), dir));
        } catch (RuntimeException e) {
            String dataset = "dataset " + plan.spec().dataset() + " (--data-dir " + dir + "): " + e.getMessage();
            if (StarAlgorithm.isStar(plan.spec().variant().algorithm())) {
                throw new InputException("run: " + plan.spec().variant().algorithm() + " is star mode and this coordinator "
                        + "is its server, which needs " + dataset, e);
            }
            if (plan.spec().features() == FeatureScaling.STANDARD) {
                throw new InputException("run: " + planFile + ": features: standard: the devices standardize with "
                        + "statistics this coordinator computes from their shares, which needs " + dataset
                        + "; give --data-dir, or set features: raw", e);
            }
            err.println("run: no average-model accuracy: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<DeviceConfig.Tls> tls() {
        boolean secure = "ssl".equals(broker.getScheme()) || "wss".equals(broker.getScheme());
        if (!secure) {
            if (ca != null || cert != null || key != null) {
                throw new InputException("--ca/--cert/--key are for ssl:// brokers, not " + broker);
            }
            return Optional.empty();
        }
        if (ca == null) {
            throw new InputException("--broker " + broker + ": --ca FILE is required for an ssl:// broker");
        }
        if ((cert == null) != (key == null)) {
            throw new InputException("--cert and --key go together");
        }
        return Optional.of(new DeviceConfig.Tls(ca, Optional.ofNullable(cert), Optional.ofNullable(key)));
    }

    private static String password(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new InputException("--password-file " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** {@code 90s}, {@code 5m}, {@code 500ms}, {@code 1h}, or a plain number of seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long amount = Long.parseLong(v.replaceAll("[smh]$", ""));
                return switch (v.charAt(v.length() - 1)) {
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration like 60s, 5m or 500ms");
            }
        }
    }
}
