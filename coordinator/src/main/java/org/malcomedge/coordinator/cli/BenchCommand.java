package org.malcomedge.coordinator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench codec|train|round}: prints a benchmark table, or JSON rows with --json. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: codec (bits and speed per coder), train (ORT vs Java), round (MQTT fleet round), "
                + "matrix (learning: data sets x splits x algorithms, default flags).",
        subcommands = {BenchCodecCommand.class, BenchTrainCommand.class, BenchRoundCommand.class, BenchMatrixCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "bench needs one of: codec, train, round, matrix");
    }
}
