package org.malcomedge.coordinator.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.malcomedge.agent.InputException;
import org.malcomedge.coordinator.link.CommandRunner;
import org.malcomedge.coordinator.link.LinkSpec;
import org.malcomedge.coordinator.link.ShapedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "shaped", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs COMMAND in a network namespace behind a radio-shaped link (as each agent of simulate "
                + "--processes --link runs), then removes the namespace. The host end of the link is MALCOM_HOST "
                + "(printed, and set in COMMAND's environment); nothing leaves this machine. Exit status: COMMAND's.",
            "Example: malcom shaped --link 1mbit -- sh -c 'head -c 1000000 /dev/zero > /dev/tcp/$MALCOM_HOST/5000'"})
final class ShapedCommand implements Callable<Integer> {

    @Option(names = "--link", required = true, paramLabel = "RATE[:DELAY[:LOSS]]",
            description = "The link, in each direction: e.g. 1mbit, 1mbit:20ms, 250kbit:50ms:1%% (delay and loss need netem)")
    String link;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> commandLine;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException, InterruptedException {
        LinkSpec spec = InputException.orInputError(() -> LinkSpec.parse(link));
        try (ShapedNetwork network = ShapedNetwork.open(1, spec, CommandRunner.system())) {
            if (network.userspaceDelayMillis() > 0) {
                throw new InputException(LinkSpec.FLAG + " " + spec + ": this kernel has no netem, and a delay without it is "
                        + "added only on agents' broker connections (simulate --processes); give a rate only here");
            }
            command.commandLine().getErr().println("shaped: " + network.namespace(0) + " at " + network.address(0)
                    + " behind " + spec + ", host end MALCOM_HOST=" + network.hostAddress());
            command.commandLine().getErr().flush();
            ProcessBuilder builder = new ProcessBuilder(network.inNamespace(0, commandLine)).inheritIO();
            builder.environment().put("MALCOM_HOST", network.hostAddress());
            Process process = builder.start();
            try {
                return process.waitFor();
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
