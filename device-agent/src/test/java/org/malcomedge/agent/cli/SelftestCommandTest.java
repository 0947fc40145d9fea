package org.malcomedge.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.link.mqtt.MosquittoBroker;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import org.malcomedge.agent.selftest.PendingCheck;
import org.malcomedge.agent.selftest.SelfCheck;
import picocli.CommandLine;

class SelftestCommandTest {

    private static SelfCheck passing(String name) {
        return new SelfCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Outcome run() {
                return Outcome.pass("fine");
            }
        };
    }

    @Test
    void allPassingIsExitZero() {
        StringWriter out = new StringWriter();
        assertEquals(Cli.OK, SelftestCommand.run(List.of(passing("a"), passing("b")), new PrintWriter(out)));
        assertTrue(out.toString().endsWith("selftest: ok (2 passed, 0 failed, 0 pending)\n"), out.toString());
    }

    @Test
    void aPendingCheckIsNeverASuccess() {
        StringWriter out = new StringWriter();
        assertEquals(Cli.FAILURE, SelftestCommand.run(List.of(passing("a"), new PendingCheck("b", "later")),
                new PrintWriter(out)));
        assertTrue(out.toString().endsWith("selftest: NOT OK (1 passed, 0 failed, 1 pending)\n"), out.toString());
    }

    @Test
    void theSubcommandPrintsOneLinePerCheckAndPassesOnThisMachine() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new AgentMain());
        commandLine.setOut(new PrintWriter(out, true));
        int status = Cli.execute(commandLine, "selftest");
        String[] lines = out.toString().split("\n");
        assertEquals(SelftestCommand.checks().size() + 1, lines.length, out.toString());
        assertTrue(lines[0].startsWith("PASS    onnxruntime natives"), lines[0]);
        assertEquals(Cli.OK, status, out.toString());
    }

    @Test
    void withADatasetItAlsoRunsRoundsOfANodeAndReportsItsMemory() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new AgentMain());
        commandLine.setOut(new PrintWriter(out, true));
        int status = Cli.execute(commandLine, "selftest", "--dataset", "digits", "--rounds", "20", "--nodes", "2",
                "--backend", "java");
        String[] lines = out.toString().split("\n");
        assertEquals(SelftestCommand.checks(Backend.JAVA).size() + 2, lines.length, out.toString());
        assertTrue(lines[0].startsWith("PASS    codec round trip"), "no ONNX Runtime for the Java backend: " + lines[0]);
        String rounds = lines[lines.length - 2];
        assertTrue(rounds.startsWith("PASS    20 rounds of a node") && rounds.contains("java, mlp:32 on digits (719 train")
                && rounds.contains("peak RSS"), rounds);
        assertEquals(Cli.OK, status, out.toString());
    }

    @Test
    void badFeaturesAreOneLineNamingTheFlag() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new AgentMain());
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = Cli.execute(commandLine, "selftest", "--dataset", "digits", "--rounds", "1", "--features", "minmax",
                "--backend", "java");
        assertEquals(Cli.USAGE, status, err.toString());
        assertTrue(err.toString().contains("--features: 'minmax' is not standard or raw"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void withAConfigItChecksTheConfigTheClockTheBrokerAndTheDataSetFirst(@TempDir Path dir) throws Exception {
        MosquittoBroker.binary();
        try (MosquittoBroker broker = MosquittoBroker.startAnonymous(dir)) {
            Path config = Files.writeString(dir.resolve("device.yaml"), "id: n0\nexperiment: e\nbroker: {uri: '"
                    + broker.uri() + "'}\ndata: {source: digits}\n");
            StringWriter out = new StringWriter();
            CommandLine commandLine = new CommandLine(new AgentMain());
            commandLine.setOut(new PrintWriter(out, true));
            int status = Cli.execute(commandLine, "selftest", "--config", config.toString(), "--backend", "java");
            String[] lines = out.toString().split("\n");
            assertTrue(lines[0].startsWith("PASS    config") && lines[0].endsWith(config + ": node n0, experiment e, broker "
                    + broker.uri()), lines[0]);
            assertTrue(lines[1].startsWith("PASS    clock"), lines[1]);
            assertTrue(lines[2].startsWith("PASS    broker") && lines[2].contains("TCP connect to 127.0.0.1 port "
                    + broker.port()), lines[2]);
            assertTrue(lines[3].startsWith("PASS    data set") && lines[3].contains("digits in "), lines[3]);
            assertEquals(Cli.OK, status, out.toString());

            broker.stop();
            StringWriter down = new StringWriter();
            CommandLine again = new CommandLine(new AgentMain());
            again.setOut(new PrintWriter(down, true));
            assertEquals(Cli.FAILURE, Cli.execute(again, "selftest", "--config", config.toString(), "--backend", "java"));
            String brokerLine = down.toString().split("\n")[2];
            assertTrue(brokerLine.startsWith("FAIL    broker") && brokerLine.contains(": cannot reach 127.0.0.1 port "
                    + broker.port()), brokerLine);
        }
    }
}
