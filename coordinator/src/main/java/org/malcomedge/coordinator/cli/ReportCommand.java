package org.malcomedge.coordinator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.InputException;
import org.malcomedge.coordinator.report.CompareFolder;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.RunFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuilds report.html from a run folder (summary.json, rounds.csv, fleet.csv, edges.csv) "
                + "or from a compare folder (compare.csv and its run folders).")
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "a run folder or a compare folder")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": no such folder");
        }
        Path report;
        try {
            if (Files.exists(dir.resolve(RunFolder.SUMMARY_JSON))) {
                report = RunFolder.at(dir).writeReport();
            } else if (Files.exists(dir.resolve(CompareFolder.COMPARE_CSV))) {
                report = CompareFolder.at(dir).writeReport();
            } else {
                throw new InputException(dir + ": neither a run folder (no " + RunFolder.SUMMARY_JSON
                        + ") nor a compare folder (no " + CompareFolder.COMPARE_CSV + ")");
            }
        } catch (RunFormatException e) {
            throw new InputException(e.getMessage(), e);
        }
        spec.commandLine().getOut().println("wrote " + report);
        return Cli.OK;
    }
}
