package org.malcomedge.coordinator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Training step throughput: ORT and Java backends.")
final class BenchTrainCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new NotYetAvailable("bench train", 4);
    }
}
