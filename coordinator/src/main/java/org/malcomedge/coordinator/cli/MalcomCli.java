package org.malcomedge.coordinator.cli;

import java.io.PrintWriter;
import org.malcomedge.agent.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The launcher, {@code java -jar coordinator/target/malcom-coordinator.jar} (DESIGN.md section 8). */
@Command(name = "malcom", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Plans, runs and reports decentralized-learning experiments on simulated or real device fleets.",
        subcommands = {
            SimulateCommand.class,
            CompareCommand.class,
            PlanCommand.class,
            RunCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            ShapedCommand.class,
            CleanupCommand.class,
        })
public final class MalcomCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static int run(String... args) {
        return Cli.execute(new CommandLine(new MalcomCli()), args);
    }

    /** Runs with the given streams (tests, embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new MalcomCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        return Cli.execute(commandLine, args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
