package org.malcomedge.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CliTest {

    @Command(name = "printer")
    static final class Printer implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print("{\"json\": true}"); // no println: nothing flushes it
            return Cli.OK;
        }
    }

    @Test
    void outputPrintedWithoutANewlineReachesTheStreamBeforeExit() {
        StringWriter sink = new StringWriter();
        // buffered like picocli's default System.out writer, which flushes only on println
        CommandLine commandLine = new CommandLine(new Printer()).setOut(new PrintWriter(new BufferedWriter(sink)));
        assertEquals(Cli.OK, Cli.execute(commandLine));
        assertEquals("{\"json\": true}", sink.toString());
    }
}
