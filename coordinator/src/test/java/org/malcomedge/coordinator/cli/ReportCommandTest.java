package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.coordinator.cli.MalcomCliTest.Result;
import org.malcomedge.coordinator.report.CompareFolder;
import org.malcomedge.coordinator.report.Fixtures;
import org.malcomedge.coordinator.report.RunFolder;

class ReportCommandTest {

    @TempDir
    Path dir;

    private RunFolder run() throws Exception {
        RunFolder folder = RunFolder.create(dir.resolve("run"), null);
        Fixtures.record(folder, Fixtures.info("malcom", 4, 10, 0.5), 0.9, 100);
        return folder;
    }

    @Test
    void rebuildsTheReportOfARunFolder() throws Exception {
        RunFolder folder = run();
        Path report = folder.dir().resolve(RunFolder.REPORT_HTML);
        Files.delete(report);
        Result result = MalcomCliTest.run("report", folder.dir().toString());
        assertEquals(Cli.OK, result.status(), result.err());
        assertEquals("wrote " + report + "\n", result.out());
        assertTrue(Files.readString(report).contains("<svg"));
    }

    @Test
    void rebuildsTheReportOfACompareFolder() throws Exception {
        CompareFolder compare = CompareFolder.create(dir.resolve("cmp"), null);
        Fixtures.record(compare.newRun("malcom"), Fixtures.info("malcom", 4, 10, 0.5), 0.9, 100);
        Fixtures.record(compare.newRun("dpsgd"), Fixtures.info("dpsgd", 4, 10, 0.5), 0.9, 3200);
        compare.finish();
        Files.delete(compare.dir().resolve(RunFolder.REPORT_HTML));
        Result result = MalcomCliTest.run("report", compare.dir().toString());
        assertEquals(Cli.OK, result.status(), result.err());
        assertTrue(Files.readString(compare.dir().resolve(RunFolder.REPORT_HTML)).contains("dpsgd"));
    }

    @Test
    void missingFolderExitsTwoWithOneLine() {
        Path missing = dir.resolve("nope");
        assertUsageError(MalcomCliTest.run("report", missing.toString()), "malcom: " + missing + ": no such folder\n");
    }

    @Test
    void aFolderThatIsNeitherRunNorCompareExitsTwo() {
        Result result = MalcomCliTest.run("report", dir.toString());
        assertUsageError(result, "malcom: " + dir + ": neither a run folder (no summary.json) nor a compare folder (no compare.csv)\n");
    }

    @Test
    void malformedRunFilesExitTwoNamingFileAndLine() throws Exception {
        RunFolder folder = run();
        Path fleet = folder.dir().resolve(RunFolder.FLEET_CSV);
        Files.writeString(fleet, Files.readString(fleet).replaceFirst("\n3,", "\nthree,"));
        assertUsageError(MalcomCliTest.run("report", folder.dir().toString()),
                "malcom: " + fleet + ":5: column 'round': 'three' is not an integer\n");
    }

    @Test
    void aCompareFolderNamingAMissingRunExitsTwo() throws Exception {
        Path compare = Files.createDirectories(dir.resolve("cmp"));
        Files.writeString(compare.resolve(CompareFolder.COMPARE_CSV), "run,folder\nmalcom,gone\n");
        Result result = MalcomCliTest.run("report", compare.toString());
        assertUsageError(result, "malcom: " + compare.resolve("gone") + ": no such run folder\n");
    }

    private static void assertUsageError(Result result, String expected) {
        assertEquals(Cli.USAGE, result.status());
        assertEquals(expected, result.err());
        assertFalse(result.err().contains("\tat "));
    }
}
