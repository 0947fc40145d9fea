package org.malcomedge.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
