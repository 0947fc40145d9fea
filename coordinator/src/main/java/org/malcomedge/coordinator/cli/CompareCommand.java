package org.malcomedge.coordinator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.InputException;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.plan.RunSettings;
import org.malcomedge.coordinator.plan.RunsFile;
import org.malcomedge.coordinator.plan.Variant;
import org.malcomedge.coordinator.report.CompareFolder;
import org.malcomedge.coordinator.report.CompareTable;
import org.malcomedge.coordinator.report.RunFormatException;
import org.malcomedge.coordinator.report.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs several algorithm/compressor combinations on the same data and seed; "
                + "writes a run folder per run, compare.csv, compare.md and report.html, and prints the table.")
final class CompareCommand implements Callable<Integer> {

    static final String DEFAULT_RUNS = "malcom;choco:qsgd:16;choco:topk:0.05;dpsgd";

    @Option(names = "--runs", paramLabel = "LIST",
            description = "ALGORITHM[:COMPRESSOR] runs separated by ';' [" + DEFAULT_RUNS + "]")
    String runs;

    @Option(names = "--runs-file", paramLabel = "FILE",
            description = "YAML list of runs, each with its own label, algorithm, compressor, eta, gamma, lambda "
                    + "(coordinator/README.md); instead of --runs")
    Path runsFile;

    @Option(names = "--warmup-rounds", paramLabel = "W", defaultValue = "20",
            description = "Untimed, unrecorded rounds of each run before the timed runs, so that no run's "
                    + "time to target pays for JIT compilation (0: none; not with --processes) [${DEFAULT-VALUE}]")
    int warmupRounds;

    @Mixin
    SimulationOptions simulation;

    @Override
    public Integer call() throws IOException {
        List<RunSettings> settings = runs();
        List<ExperimentSpec> specs = simulation.experiment().toSpecs(settings.stream().map(RunSettings::variant).toList());
        List<ExperimentSpec> runSpecs = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            runSpecs.add(settings.get(i).applyTo(specs.get(i))); // every run checked before the first starts
        }
        if (warmupRounds < 0) {
            throw new InputException("--warmup-rounds: bad value " + warmupRounds + " (0 or more)");
        }
        CompareFolder folder = CompareFolder.create(simulation.out(), simulation.clock());
        if (warmupRounds > 0 && !simulation.fleet.processes) { // agent processes warm up in their own JVMs
            for (ExperimentSpec spec : runSpecs) {
                simulation.warmUp(spec, warmupRounds);
            }
        }
        for (int i = 0; i < runSpecs.size(); i++) {
            String label = settings.get(i).label();
            simulation.simulate(runSpecs.get(i), label, folder.newRun(label),
                    "run " + (i + 1) + "/" + runSpecs.size() + " " + label);
        }
        CompareTable table;
        try {
            table = folder.finish();
        } catch (RunFormatException e) {
            throw new InputException(e.getMessage(), e);
        }
        if (simulation.json) {
            simulation.stdout().print(Summary.toJson(folder.summaries()));
        } else {
            simulation.stdout().print(table.terminal());
            simulation.stdout().println("wrote " + folder.dir().resolve("report.html"));
        }
        return Cli.OK;
    }

    private List<RunSettings> runs() {
        if (runsFile != null && runs != null) {
            throw new InputException("--runs and --runs-file: give one of them");
        }
        if (runsFile != null) {
            return RunsFile.read(runsFile);
        }
        return InputException.orInputError(() -> Variant.parseList(runs == null ? DEFAULT_RUNS : runs))
                .stream().map(RunSettings::of).toList();
    }
}
