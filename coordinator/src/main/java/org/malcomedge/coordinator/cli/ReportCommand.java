package org.malcomedge.coordinator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Rebuilds report.html from a run folder.")
final class ReportCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new NotYetAvailable("report", 5);
    }
}
