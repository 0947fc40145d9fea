package org.malcomedge.coordinator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Drives a real fleet through a broker and writes the run folder.")
final class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new NotYetAvailable("run", 6);
    }
}
