package org.malcomedge.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChanceLevelTest {

    @TempDir
    Path dir;

    @Test
    void theBoundIsAQuarterOfTheWayFromChanceToPerfect() {
        assertEquals(0.375, ChanceLevel.bound(6), 1e-12);
        assertEquals(0.325, ChanceLevel.bound(10), 1e-12);
        assertEquals(0.625, ChanceLevel.bound(2), 1e-12);
    }

    @Test
    void aSixClassRunAt24PercentEndedNearChanceAnd87PercentDidNot() {
        assertTrue(ChanceLevel.endedNear(0.245, 6));
        assertFalse(ChanceLevel.endedNear(0.87, 6));
        assertNull(ChanceLevel.endedNear(0.245, null), "a coordinator without the dataset does not know the classes");
        assertNull(ChanceLevel.endedNear(null, 10), "no round yet");
    }

    @Test
    void theSummaryAndTheCompareTableSayARunEndedNearChance() throws Exception {
        CompareFolder compare = CompareFolder.create(dir.resolve("cmp"), null);
        Summary dpsgd = Fixtures.record(compare.newRun("dpsgd"), Fixtures.info("dpsgd", 2, 20, 0.2), 0.9, 100);
        Summary stuck = Fixtures.record(compare.newRun("malcom"), Fixtures.info("malcom", 2, 20, 0.2), 0.15, 10);
        assertEquals(Boolean.FALSE, dpsgd.results().endedNearChance());
        assertEquals(Boolean.TRUE, stuck.results().endedNearChance(), "10 classes, about 15 %");
        assertTrue(SummaryJson.tree(stuck).get("ended_near_chance").asBoolean());
        String table = compare.finish().terminal();
        assertTrue(table.matches("(?s).*malcom +1[0-9]\\.[0-9] % near chance.*"), table);
        assertFalse(table.matches("(?s).*dpsgd +[0-9.]+ % near chance.*"), table);
    }
}
