package org.malcomedge.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTableTest {

    @TempDir
    Path dir;

    private CompareFolder compare() throws Exception {
        CompareFolder compare = CompareFolder.create(dir.resolve("cmp"), null);
        Fixtures.record(compare.newRun("malcom"), Fixtures.info("malcom", 4, 20, 0.8), 0.9, 1000);
        Fixtures.record(compare.newRun("choco:qsgd:16"), Fixtures.info("choco:qsgd:16", 4, 20, 0.8), 0.9, 4000);
        Fixtures.record(compare.newRun("dpsgd"), Fixtures.info("dpsgd", 4, 20, 0.8), 0.7, 32000);
        return compare;
    }

    @Test
    void ratioToBestIsBitsToTargetOverTheLeastAndNullWhenNeverReached() throws Exception {
        List<CompareTable.Row> rows = compare().finish().rows();
        assertEquals(List.of("malcom", "choco_qsgd_16", "dpsgd"), rows.stream().map(CompareTable.Row::folder).toList());
        assertEquals(1.0, rows.get(0).ratioToBest());
        assertEquals(4.0, rows.get(1).ratioToBest(), 1e-12);
        assertNull(rows.get(2).ratioToBest(), "dpsgd tops out at 70 %");
    }

    @Test
    void withoutATargetCompareAimsAt98PercentOfDpsgdsFinalAccuracyAndSaysSo() throws Exception {
        CompareFolder compare = untargetedMalcomAnd("dpsgd", 32000);
        CompareTable table = compare.finish();
        double dpsgdFinal = table.rows().get(1).summary().results().finalTestAccuracy();
        for (CompareTable.Row row : table.rows()) {
            assertEquals(0.98 * dpsgdFinal, row.summary().info().targetAccuracy(), 1e-12);
            assertTrue(row.summary().results().payloadBitsToTarget() != null, row.run() + " reaches it");
        }
        assertTrue(table.terminal().startsWith("Target accuracy 64.3 % = 0.98 x dpsgd's final accuracy 65.6 % "),
                table.terminal());
        RunRecord dpsgd = RunFolder.at(compare.dir().resolve("dpsgd")).read();
        assertEquals(0.98 * dpsgdFinal, dpsgd.info().targetAccuracy(), 1e-12, "summary.json carries the chosen target");
        assertTrue(Files.readString(compare.dir().resolve("dpsgd").resolve(RunFolder.REPORT_HTML)).contains("64.3 %"),
                "and so does the run's report");
    }

    @Test
    void withoutATargetOrADpsgdRunTheBestRunsFinalAccuracySetsIt() throws Exception {
        CompareTable table = untargetedMalcomAnd("choco:qsgd:16", 4000).finish();
        double best = table.rows().get(0).summary().results().finalTestAccuracy();
        assertEquals(0.98 * best, table.rows().get(1).summary().info().targetAccuracy(), 1e-12);
        assertTrue(table.terminal().contains("0.98 x the best run's final accuracy"), table.terminal());
        assertNull(table.rows().get(1).summary().results().payloadBitsToTarget(), "the 70 % run never gets there");
    }

    /** A compare without a target of malcom (90 %, 1000 bits) and {@code other} (70 %, {@code bits}). */
    private CompareFolder untargetedMalcomAnd(String other, long bits) throws Exception {
        CompareFolder compare = CompareFolder.create(dir.resolve("cmp"), null);
        Fixtures.record(compare.newRun("malcom"), Fixtures.info("malcom", 4, 20, null), 0.9, 1000);
        Fixtures.record(compare.newRun(other), Fixtures.info(other, 4, 20, null), 0.7, bits);
        return compare;
    }

    @Test
    void aTargetGivenIsKept() throws Exception {
        CompareTable table = compare().finish();
        assertEquals(0.8, table.rows().get(2).summary().info().targetAccuracy());
        assertTrue(table.terminal().startsWith("Target accuracy 80.0 % (mean"), table.terminal());
    }

    @Test
    void compareMdHasOneRowPerRunAndTheHeadlineColumns() throws Exception {
        CompareFolder compare = compare();
        compare.finish();
        List<String> table = Files.readAllLines(compare.dir().resolve(CompareFolder.COMPARE_MD)).stream()
                .filter(line -> line.startsWith("|")).toList();
        List<String> headline = table.subList(0, 5);
        assertEquals("| run | accuracy | rounds to target | bits to target | time to target | × best | total bits |", headline.get(0));
        assertEquals("| --- | ---: | ---: | ---: | ---: | ---: | ---: |", headline.get(1));
        for (String row : headline) {
            assertEquals(7 + 2, row.split("\\|", -1).length, "seven cells between eight bars: " + row);
        }
        assertTrue(headline.get(2).startsWith("| malcom | 84.4 % | 16 | 64.0 kbit |"), headline.get(2));
        assertTrue(headline.get(2).endsWith("| 1.00 | 80.0 kbit |"), headline.get(2));
        assertTrue(headline.get(4).contains("| – | – |"), "never reached: " + headline.get(4));
    }

    @Test
    void compareCsvLeadsWithTheHeadlineThenEverySummaryField() throws Exception {
        CompareFolder compare = compare();
        compare.finish();
        List<String> lines = Files.readAllLines(compare.dir().resolve(CompareFolder.COMPARE_CSV));
        assertEquals(4, lines.size());
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(CompareTable.HEADLINE, header.subList(0, CompareTable.HEADLINE.size()));
        assertTrue(header.containsAll(RunFolderTest.DESIGN_FIELDS), header.toString());
        for (String line : lines) {
            assertEquals(header.size(), line.split(",", -1).length, line);
        }
        assertEquals(List.of("malcom", "choco_qsgd_16", "dpsgd"), CompareTable.readFolders(compare.dir().resolve(CompareFolder.COMPARE_CSV)));
    }

    @Test
    void terminalTableIsAligned() throws Exception {
        String[] lines = compare().finish().terminal().split("\n");
        assertTrue(lines[0].startsWith("Target accuracy 80.0 %"), lines[0]);
        int width = lines[1].length();
        for (int i = 2; i < lines.length; i++) {
            assertEquals(width, lines[i].length(), "right-aligned figures end in the same column:\n" + String.join("\n", lines));
        }
        assertTrue(lines[1].startsWith("run  ") && lines[1].endsWith("total bits"), lines[1]);
        assertTrue(lines[2].endsWith(" kbit"), lines[2]);
    }
}
