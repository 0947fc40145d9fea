package org.malcomedge.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.train.EvaluationSet;
import org.malcomedge.agent.data.FeatureMoments;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.data.Split;
import org.malcomedge.agent.data.Splits;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.selftest.BrokerCheck;
import org.malcomedge.agent.selftest.ClockCheck;
import org.malcomedge.agent.selftest.CodecRoundTripCheck;
import org.malcomedge.agent.selftest.ConfigCheck;
import org.malcomedge.agent.selftest.DatasetCheck;
import org.malcomedge.agent.selftest.OrtNativesCheck;
import org.malcomedge.agent.selftest.RoundsCheck;
import org.malcomedge.agent.selftest.SelfCheck;
import org.malcomedge.agent.selftest.Selftest;
import org.malcomedge.agent.selftest.TrainingStepsCheck;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code malcom-agent selftest}: can this device run the agent? One line per check with its
 * time; exit 0 only if every check passed. A pending check (its implementation not in this
 * build) counts as not passed.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"Checks that ONNX Runtime's natives load, a codec round trip and 20 training steps; exit 0 only if all pass.",
                "With --config first checks that config, the clock, the broker (and its TLS handshake) and the data set.",
                "With --dataset also runs --rounds rounds of a node's work (MALCOM on a ring of 3, in this process) "
                        + "and prints the time per round and the peak RSS."})
final class SelftestCommand implements Callable<Integer> {

    static final int TRAINING_STEPS = 20;
    private static final long SEED = 1;
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Also check this device config, its broker "
            + "(TCP, and the TLS handshake for ssl://), its data set, and the clock (e.g. /etc/malcom-edge/device.yaml)")
    Optional<Path> config;

    @Option(names = "--dataset", paramLabel = "NAME", description = "digits|fashion-mnist|mnist: also run rounds on this dataset")
    Optional<String> dataset;

    @Option(names = "--model", paramLabel = "SPEC", defaultValue = "mlp:32", description = "Model of the rounds [${DEFAULT-VALUE}]")
    String model;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "200", description = "Rounds to run with --dataset [${DEFAULT-VALUE}]")
    int rounds;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "8",
            description = "Fleet size: the rounds hold one node's share, 1/N of the training rows [${DEFAULT-VALUE}]")
    int nodes;

    @Option(names = "--test-rows", paramLabel = "T", defaultValue = "1000", description = "Test rows evaluated [${DEFAULT-VALUE}]")
    int testRows;

    @Option(names = "--features", paramLabel = "SCALING", defaultValue = "standard",
            description = "standard: the share standardized, as an agent of a features: standard plan holds it; raw [${DEFAULT-VALUE}]")
    String features;

    @Option(names = "--backend", paramLabel = "B", defaultValue = "auto",
            description = "auto|ort|java: the trainer checked (java: ONNX Runtime is not loaded at all) [${DEFAULT-VALUE}]")
    Backend backend;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where fetched datasets live [$MALCOM_DATA or ~/.cache/malcom-edge/datasets]")
    Optional<Path> dataDir;

    /** The checks, in order: cheapest and most basic first. */
    static List<SelfCheck> checks() {
        return checks(Backend.AUTO);
    }

    /** The checks for an agent on {@code backend}; one on the Java backend never loads ONNX Runtime. */
    static List<SelfCheck> checks(Backend backend) {
        List<SelfCheck> checks = new ArrayList<>();
        if (backend != Backend.JAVA) {
            checks.add(new OrtNativesCheck());
        }
        checks.add(new CodecRoundTripCheck(Compressors.parse("malcom:4"), 10_000, 4));
        // The default model on digits' shape (64 inputs, 10 classes), on the backend the agent would pick.
        checks.add(new TrainingStepsCheck(() -> Trainers.create(ModelSpec.parse("mlp:32", 64, 10), backend, 1),
                TRAINING_STEPS));
        return checks;
    }

    @Override
    public Integer call() {
        List<SelfCheck> checks = new ArrayList<>();
        config.ifPresent(file -> checks.addAll(deviceChecks(file, Clock.systemUTC(), ClockCheck.TIMESYNC_FLAG)));
        checks.addAll(checks(backend));
        dataset.ifPresent(name -> checks.add(rounds(name)));
        return run(checks, spec.commandLine().getOut());
    }

    /** With {@code --config}: the config, the clock, the broker and the data set, in that order. */
    static List<SelfCheck> deviceChecks(Path file, Clock clock, Path timesyncFlag) {
        ConfigCheck loaded = new ConfigCheck(file);
        return List.of(loaded,
                new ClockCheck(clock, () -> loaded.config().flatMap(c -> c.broker().tls()), timesyncFlag),
                new BrokerCheck(loaded::config, BROKER_TIMEOUT),
                new DatasetCheck(loaded::config));
    }

    private SelfCheck rounds(String name) {
        atLeastOne("--rounds", rounds);
        atLeastOne("--nodes", nodes);
        atLeastOne("--test-rows", testRows);
        Path dir = dataDir.orElseGet(Datasets::defaultDirectory);
        Split iid = Splits.parse("iid");
        Datasets.RowSelection share = (labels, classes) -> iid.assign(labels, classes, nodes, SEED)[0];
        boolean standard = FeatureScaling.parse(features, "--features") == FeatureScaling.STANDARD;
        return new RoundsCheck(() -> {
            TrainTest data = Datasets.load(name, Optional.empty(), dir, share, EvaluationSet.selection(testRows, SEED));
            return standard ? standardized(data) : data;
        },
                data -> ModelSpec.parse(model, data.features(), data.classes()),
                modelSpec -> Trainers.create(modelSpec, backend, 1), rounds);
    }

    /**
     * As an agent of a {@code features: standard} plan holds it: a standardized copy of its share
     * (this share's own statistics stand in for the fleet's; the memory is the same).
     */
    private static TrainTest standardized(TrainTest data) {
        return Standardization.of(FeatureMoments.of(data.train())).apply(data);
    }

    private static void atLeastOne(String option, int value) {
        if (value < 1) {
            throw new InputException(option + ": bad value " + value + " (at least 1)");
        }
    }

    static int run(List<SelfCheck> checks, PrintWriter out) {
        Map<SelfCheck.Status, Integer> counts = Selftest.run(checks, out);
        boolean allPassed = counts.get(SelfCheck.Status.PASS) == checks.size();
        out.println("selftest: " + (allPassed ? "ok" : "NOT OK") + " (" + counts.get(SelfCheck.Status.PASS) + " passed, "
                + counts.get(SelfCheck.Status.FAIL) + " failed, " + counts.get(SelfCheck.Status.PENDING) + " pending)");
        out.flush();
        return allPassed ? Cli.OK : Cli.FAILURE;
    }
}
