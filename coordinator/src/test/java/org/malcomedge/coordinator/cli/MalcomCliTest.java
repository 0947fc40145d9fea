package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.cli.Cli;

class MalcomCliTest {

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = MalcomCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void planOffersNoEmbeddedBrokerItWouldRefuseAndSimulationsDo() {
        String plan = run("plan", "--help").out();
        assertFalse(plan.contains("embedded broker") || plan.contains("an embedded one") || plan.contains("--transport"), plan);
        assertTrue(plan.contains("--broker=URI"), plan);
        for (String command : new String[] {"simulate", "compare"}) {
            String help = run(command, "--help").out();
            assertTrue(help.contains("--transport=KIND") && help.contains("(default: an embedded one)"), help);
        }
        assertEquals("malcom: Unknown options: '--transport', 'memory' (see 'malcom plan --help')\n",
                run("plan", "--out", "x", "--transport", "memory").err());
    }

    @Test
    void helpListsEverySubcommand() {
        Result result = run("--help");
        assertEquals(Cli.OK, result.status());
        for (String command : new String[] {"simulate", "compare", "plan", "run", "report", "bench"}) {
            assertTrue(result.out().contains("  " + command + " "), () -> command + " missing from\n" + result.out());
        }
    }

    @Test
    void badFlagExitsTwoWithOneLineNamingIt() {
        Result result = run("--frobnicate");
        assertEquals(Cli.USAGE, result.status());
        assertEquals("malcom: Unknown option: '--frobnicate' (see 'malcom --help')\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void aMistypedSubcommandOrOptionGetsPicoclisNearMatches() {
        Result result = run("simulat");
        assertEquals(Cli.USAGE, result.status());
        assertTrue(result.err().startsWith("malcom: Unmatched argument at index 0: 'simulat', did you mean simulate"),
                result.err());
        result = run("simulate", "--round", "1");
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("did you mean --rounds"), result.err());
    }

    @Test
    void aBadDatasetOrTopologyNamesItsFlag() {
        Result dataset = run("simulate", "--dataset", "cifar", "--rounds", "1");
        assertEquals(Cli.USAGE, dataset.status());
        assertEquals("malcom: --dataset: unknown dataset 'cifar': expected digits, fashion-mnist, mnist or csv:PATH\n",
                dataset.err());
        Result topology = run("compare", "--topology", "regular:9", "--rounds", "1");
        assertEquals(Cli.USAGE, topology.status());
        assertEquals("malcom: --topology: topology 'regular:9': degree D = 9 must be below the 8 nodes\n", topology.err());
    }

    @Test
    void badFlagOfASubcommandNamesTheSubcommand() {
        Result result = run("bench", "--nope");
        assertEquals(Cli.USAGE, result.status());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("'--nope'") && result.err().contains("malcom bench --help"), result.err());
    }

    @Test
    void versionIsTheBuildVersion() {
        Result result = run("--version");
        assertEquals(Cli.OK, result.status());
        assertTrue(result.out().startsWith("malcom 0."), result.out());
    }
}
