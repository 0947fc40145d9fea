package org.malcomedge.coordinator.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.InputException;
import org.malcomedge.coordinator.plan.ExperimentSpec;
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

    @Option(names = "--runs", paramLabel = "LIST", defaultValue = "malcom;choco:qsgd:16;choco:topk:0.05;dpsgd",
            description = "ALGORITHM[:COMPRESSOR] runs separated by ';' [${DEFAULT-VALUE}]")
    String runs;

    @Mixin
    SimulationOptions simulation;

    @Override
    public Integer call() throws IOException {
        List<Variant> variants = InputException.orInputError(() -> Variant.parseList(runs));
        List<ExperimentSpec> specs = simulation.experiment.toSpecs(variants);
        CompareFolder folder = CompareFolder.create(simulation.out(), simulation.clock());
        for (int i = 0; i < specs.size(); i++) {
            ExperimentSpec spec = specs.get(i);
            String label = spec.variant().toString();
            simulation.simulate(spec, folder.newRun(label), "run " + (i + 1) + "/" + specs.size() + " " + label);
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
}
