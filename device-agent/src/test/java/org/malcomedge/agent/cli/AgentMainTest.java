package org.malcomedge.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentMainTest {

    private static int run(StringWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new AgentMain());
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        return Cli.execute(commandLine, args);
    }

    @Test
    void badConfigExitsTwoAndListsEveryProblemWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("device.yaml");
        Files.writeString(file, "id: a#b\nexperiment: e\nbroker: {uri: 'mqtt://x'}\n");
        StringWriter err = new StringWriter();
        assertEquals(Cli.USAGE, run(err, "check-config", file.toString()));
        String text = err.toString();
        assertTrue(text.contains(file + ":1: id: 'a#b' contains '#'"), text);
        assertTrue(text.contains(file + ":3: broker.uri: 'mqtt://x' is not tcp://"), text);
        assertTrue(!text.contains("\tat "), "no stack trace: " + text);
    }

    @Test
    void missingConfigFlagIsAUsageError() {
        StringWriter err = new StringWriter();
        assertEquals(Cli.USAGE, run(err));
        assertTrue(err.toString().contains("--config FILE is required"), err.toString());
    }
}
