package org.malcomedge.coordinator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "compare", mixinStandardHelpOptions = true, description = "Runs several algorithm/compressor combinations on the same data and seed; writes compare.csv and compare.md.")
final class CompareCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new NotYetAvailable("compare", 5);
    }
}
