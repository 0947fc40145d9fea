package org.malcomedge.coordinator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true, description = "Writes plan.yaml, mosquitto.conf, password and ACL files for a real fleet.")
final class PlanCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new NotYetAvailable("plan", 6);
    }
}
