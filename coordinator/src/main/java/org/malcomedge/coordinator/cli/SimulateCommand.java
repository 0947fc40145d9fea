package org.malcomedge.coordinator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Runs a simulated fleet (in-memory or MQTT transport) and writes a run folder.")
final class SimulateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new NotYetAvailable("simulate", 5);
    }
}
