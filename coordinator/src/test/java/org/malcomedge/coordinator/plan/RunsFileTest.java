package org.malcomedge.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.InputException;

class RunsFileTest {

    @Test
    void readsEachRunsLabelVariantAndStepSizes() {
        List<RunSettings> runs = RunsFile.parse("""
                runs:
                  - algorithm: dpsgd
                  - {label: choco-half, algorithm: choco, compressor: qsgd:16, gamma: 0.5}
                  - {label: malcom-auto, algorithm: malcom, gamma: auto, eta: 0.05, lambda: 1e-3}
                """, "r.yaml");
        assertEquals(List.of("dpsgd", "choco-half", "malcom-auto"), runs.stream().map(RunSettings::label).toList());
        assertEquals(Variant.parse("choco:qsgd:16"), runs.get(1).variant());
        assertEquals(Optional.of(OptionalDouble.of(0.5)), runs.get(1).gamma());
        assertEquals(Optional.of(OptionalDouble.empty()), runs.get(2).gamma(), "auto: the measured step");
        assertEquals(OptionalDouble.of(0.05), runs.get(2).eta());
        assertEquals(OptionalDouble.of(1e-3), runs.get(2).lambda());
        assertEquals(Optional.empty(), runs.get(0).gamma(), "absent: the flag's");
        assertEquals("r.yaml:3", runs.get(1).where());
    }

    @Test
    void eachBadInputIsOneLineNamingFileLineAndKey() {
        assertError("r.yaml:3: algorithm: algorithm 'chocoo' is not one of", "runs:\n  - algorithm: dpsgd\n  - algorithm: chocoo\n");
        assertError("r.yaml:2: algorithm: is required", "runs:\n  - {compressor: qsgd:16}\n");
        assertError("r.yaml:2: gama: unknown key (allowed: label, algorithm, compressor, eta, gamma, lambda)",
                "runs:\n  - {algorithm: choco, gama: 0.5}\n");
        assertError("r.yaml:2: eta: 'fast' is not a number", "runs:\n  - {algorithm: choco, eta: fast}\n");
        assertError("r.yaml:2: gamma: bad value 'half' (auto, or a number in (0, 1])", "runs:\n  - {algorithm: choco, gamma: half}\n");
        assertError("r.yaml:3: label: 'choco' is already the run at line 2", "runs:\n  - algorithm: choco\n  - algorithm: choco\n");
        assertError("r.yaml:2: compressor:", "runs:\n  - {algorithm: choco, compressor: zip:3}\n");
        assertError("r.yaml:1: runs: expected a list of runs", "runs: dpsgd\n");
        assertError("r.yaml:1: runs: is required", "{}\n");
        assertError("r.yaml:1: rusn: unknown key (allowed: runs)", "rusn: []\n");
        assertError("r.yaml:2: runs: expected a mapping", "runs:\n  - dpsgd\n");
        assertError("r.yaml:3: not valid YAML", "runs:\n  - {algorithm: [\n");
    }

    @Test
    void aRangeErrorFoundWhenTheRunMeetsTheFlagsNamesItsEntry() {
        RunSettings run = RunsFile.parse("runs:\n  - {algorithm: choco, gamma: 2}\n", "r.yaml").get(0);
        ExperimentSpec base = PlanFixtures.ring("e", 4, 5, FleetSettings.DEFAULTS).spec().with(run.variant());
        InputException e = assertThrows(InputException.class, () -> run.applyTo(base));
        assertEquals("r.yaml:2: gamma: bad value 2.0 (in (0, 1], or auto)", e.getMessage());
    }

    @Test
    void aMissingFileIsNamedWithoutJavaClassNames(@TempDir Path dir) {
        InputException e = assertThrows(InputException.class, () -> RunsFile.read(dir.resolve("runs.yaml")));
        assertEquals("--runs-file " + dir.resolve("runs.yaml") + ": no such file", e.getMessage());
    }

    private static void assertError(String expectedStart, String yaml) {
        InputException e = assertThrows(InputException.class, () -> RunsFile.parse(yaml, "r.yaml"), yaml);
        assertEquals(true, e.getMessage().startsWith(expectedStart), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
