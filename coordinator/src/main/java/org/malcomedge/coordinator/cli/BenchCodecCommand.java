package org.malcomedge.coordinator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "codec", mixinStandardHelpOptions = true, description = "Bits per parameter, entropy gap and speed of every coder.")
final class BenchCodecCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new NotYetAvailable("bench codec", 3);
    }
}
