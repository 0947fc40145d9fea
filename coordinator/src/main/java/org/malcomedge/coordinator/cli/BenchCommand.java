package org.malcomedge.coordinator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench codec|train|round}: prints a benchmark table, or JSON rows with --json. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: codec (bits and speed per coder), train (ORT vs Java), round (MQTT fleet round).",
        subcommands = {BenchCommand.Codec.class, BenchCommand.Train.class, BenchCommand.Round.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "bench needs one of: codec, train, round");
    }

    @Command(name = "codec", mixinStandardHelpOptions = true, description = "Bits per parameter, entropy gap and speed of every coder.")
    static final class Codec implements Runnable {
        @Override
        public void run() {
            throw new NotYetAvailable("bench codec", 3);
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Training step throughput: ORT and Java backends.")
    static final class Train implements Runnable {
        @Override
        public void run() {
            throw new NotYetAvailable("bench train", 4);
        }
    }

    @Command(name = "round", mixinStandardHelpOptions = true, description = "Round time and socket overhead of an MQTT fleet.")
    static final class Round implements Runnable {
        @Override
        public void run() {
            throw new NotYetAvailable("bench round", 6);
        }
    }
}
