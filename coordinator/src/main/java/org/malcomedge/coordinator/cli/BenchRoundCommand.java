package org.malcomedge.coordinator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "round", mixinStandardHelpOptions = true, description = "Round time and socket overhead of an MQTT fleet.")
final class BenchRoundCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new NotYetAvailable("bench round", 6);
    }
}
