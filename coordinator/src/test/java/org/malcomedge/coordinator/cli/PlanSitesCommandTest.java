package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.coordinator.cli.MalcomCliTest.Result;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.firmware.topics.Topics.Kind;

/** {@code plan --sites}: a 3-site, 9-node ring, three consecutive nodes per site. */
class PlanSitesCommandTest {

    static final String THREE_SITES = """
            sites:
              a: {broker: "127.0.0.1:1883", devices: [n0, n1, n2]}
              b: {broker: "127.0.0.1:1884", devices: [n3, n4, n5]}
              c: {broker: "127.0.0.1:1885", devices: [n6, n7, n8]}
            """;

    @TempDir
    Path dir;

    private Result plan(String sites, String... more) throws Exception {
        Path file = dir.resolve("sites.yaml");
        Files.writeString(file, sites);
        List<String> args = new ArrayList<>(List.of("plan", "--out", dir.resolve("ring").toString(), "--experiment", "x",
                "--nodes", "9", "--topology", "ring", "--rounds", "5", "--broker", "tcp://127.0.0.1:1883",
                "--sites", file.toString()));
        args.addAll(List.of(more));
        return MalcomCliTest.run(args.toArray(String[]::new));
    }

    @Test
    void theBridgesCarryExactlyTheCrossEdgesTopics() throws Exception {
        Result planned = plan(THREE_SITES);
        assertEquals(Cli.OK, planned.status(), planned.err());
        assertTrue(planned.out().contains("3 of 9 edges cross sites"), planned.out());

        List<String> carried = new ArrayList<>();
        for (String site : List.of("a", "b", "c")) {
            Path bridges = dir.resolve("ring/sites/" + site + "/bridges.conf");
            Files.readString(bridges).lines().filter(line -> line.startsWith("topic "))
                    .forEach(line -> carried.add(line.split(" ")[1]));
        }
        // the cross edges n2|n3, n5|n6, n8|n0: both ends' topics, each carried once
        Set<String> expected = new TreeSet<>();
        for (String end : List.of("n2", "n3", "n5", "n6", "n8", "n0")) {
            for (Kind kind : List.of(Kind.RESIDUAL, Kind.KEYFRAME, Kind.REPAIR, Kind.STATE)) {
                expected.add(Topics.node(kind, "x", end));
            }
        }
        assertEquals(expected, new TreeSet<>(carried));
        assertEquals(expected.size(), carried.size(), "no topic on two bridges: " + carried);
        String a = Files.readString(dir.resolve("ring/sites/a/bridges.conf"));
        assertTrue(a.contains("connection a-to-b\naddress 127.0.0.1:1884\n") && a.contains("connection a-to-c\naddress 127.0.0.1:1885\n"), a);
        assertFalse(Files.readString(dir.resolve("ring/sites/c/bridges.conf")).contains("\nconnection "),
                "c's pairs are hosted by a and b");
    }

    @Test
    void oneSiteHasNoCrossEdges() throws Exception {
        Result planned = plan("sites:\n  all: {broker: \"h:1883\", devices: [n0, n1, n2, n3, n4, n5, n6, n7, n8]}\n");
        assertEquals(Cli.OK, planned.status(), planned.err());
        assertTrue(planned.out().contains("0 of 9 edges cross sites"), planned.out());
        assertFalse(Files.readString(dir.resolve("ring/sites/all/bridges.conf")).contains("topic "));
    }

    @Test
    void aBadSitesFileIsOneLineAndNothingIsWritten() throws Exception {
        Result planned = plan(THREE_SITES.replace(", n8]", "]"));
        assertNotEquals(Cli.OK, planned.status());
        assertTrue(planned.err().contains(dir.resolve("sites.yaml") + ":2: sites: no site lists the plan's device n8"), planned.err());
        assertFalse(planned.err().contains("Exception") || planned.err().contains("\tat "), planned.err());
        assertFalse(Files.exists(dir.resolve("ring/plan.yaml")), "checked before anything is written");
    }

    @Test
    void aStarPlanRefusesSitesWithOneError() throws Exception {
        Result star = plan(THREE_SITES, "--algorithm", "rand-mcm");
        assertNotEquals(Cli.OK, star.status());
        assertTrue(star.err().contains("--sites: a star algorithm's workers talk only to the server"), star.err());
    }
}
