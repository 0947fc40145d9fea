package org.malcomedge.coordinator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.malcomedge.coordinator.experiment.Simulation;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.Summary;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code simulate} and {@code compare} share: the experiment's options ({@link ExperimentOptions}),
 * how its fleet runs on this machine ({@link FleetOptions}), in that order in the help, and running
 * one spec into a run folder behind a progress bar.
 */
final class SimulationOptions {

    @Mixin
    private ExperimentOptions experiment;

    @Option(names = "--transport", paramLabel = "KIND", defaultValue = "mqtt",
            description = "memory|mqtt: every frame through a real broker (embedded unless --broker) [${DEFAULT-VALUE}]")
    String transport;

    @Option(names = "--broker", paramLabel = "URI", description = "External MQTT broker, e.g. tcp://localhost:1883 (default: an embedded one)")
    URI broker;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--json", description = "Print the summary (compare: an array of them, in run order) as JSON, "
            + "the same objects as summary.json, instead of the lines and the table")
    boolean json;

    /** The command this is mixed into (for its output). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The experiment's options, on the transport and broker given. */
    ExperimentOptions experiment() {
        return experiment.on(transport, broker);
    }

    /** Runs {@code spec} into {@code folder}, its progress ({@link RoundProgress}) named after its variant. */
    Summary simulate(ExperimentSpec spec, RunFolder folder) throws IOException {
        return simulate(spec, spec.variant().toString(), folder, spec.variant().toString());
    }

    /**
     * The same, recorded as run {@code label} (a runs file's, else the variant), its progress named
     * {@code task} (compare's {@code run 2/4 choco:qsgd:16}).
     */
    Summary simulate(ExperimentSpec spec, String label, RunFolder folder, String task) throws IOException {
        try (RoundProgress progress = RoundProgress.of(task, spec.rounds())) {
            return fleet.simulation(spec).labelled(label).run(folder, progress);
        }
    }

    /**
     * Runs {@code spec} for {@code rounds} rounds into a temporary folder that is deleted after, with
     * no progress shown: the JIT compiles the round's code of this variant, so that a timed run's
     * clock measures rounds, not compilation. Without it compare's first runs paid several times
     * their warm time to target (README, "time to target").
     */
    void warmUp(ExperimentSpec spec, int rounds) throws IOException {
        Path dir = Files.createTempDirectory("malcom-warmup");
        try {
            fleet.simulation(spec.withRounds(Math.min(rounds, spec.rounds())))
                    .run(RunFolder.create(dir.resolve("run"), null), Simulation.Progress.NONE);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** {@code --out} (null: a new folder under runs/). */
    Path out() {
        return fleet.out;
    }

    Clock clock() {
        return fleet.clock;
    }

    PrintWriter stdout() {
        return command.commandLine().getOut();
    }
}
