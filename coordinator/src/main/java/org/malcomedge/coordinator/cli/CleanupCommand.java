package org.malcomedge.coordinator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.InputException;
import org.malcomedge.coordinator.link.CommandRunner;
import org.malcomedge.coordinator.link.ShapedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "cleanup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Removes the network namespaces, veths and bridges (and with them their qdiscs) that shaped-link "
                + "runs (--link) left behind after a crash; they all carry the prefix mlc-.")
final class CleanupCommand implements Callable<Integer> {

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "mlc-",
            description = "Remove what starts with this: mlc- (every run) or one run's mlc-XXXX [${DEFAULT-VALUE}]")
    String prefix;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        List<String> removed;
        try {
            removed = ShapedNetwork.cleanup(prefix, CommandRunner.system());
        } catch (IllegalArgumentException badPrefix) {
            throw new InputException(badPrefix.getMessage(), badPrefix);
        }
        PrintWriter out = command.commandLine().getOut();
        out.println(removed.isEmpty() ? "nothing starts with " + prefix
                : "removed " + removed.size() + ": " + String.join(" ", removed));
        return Cli.OK;
    }
}
