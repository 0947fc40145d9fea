package org.malcomedge.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VariantTest {

    @Test
    void parsesTheDesignExample() {
        List<Variant> runs = Variant.parseList("malcom;choco:qsgd:16;choco:topk:0.01;choco:topk:0.01+qsgd:4+range;dpsgd");
        assertEquals(List.of(
                new Variant("malcom", Optional.empty()),
                new Variant("choco", Optional.of("qsgd:16")),
                new Variant("choco", Optional.of("topk:0.01")),
                new Variant("choco", Optional.of("topk:0.01+qsgd:4+range")),
                new Variant("dpsgd", Optional.empty())), runs);
        assertEquals("choco:topk:0.01+qsgd:4+range", runs.get(3).toString());
        assertEquals("choco_topk_0.01+qsgd_4+range", runs.get(3).folderName());
    }

    @Test
    void rejectsWithOneClearLine() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Variant.parse("chocolate"))
                .getMessage().startsWith("algorithm 'chocolate' is not one of "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Variant.parseList("malcom;;dpsgd"))
                .getMessage().startsWith("empty run"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Variant.parseList("dpsgd;dpsgd"))
                .getMessage().contains("given twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Variant.parse("choco:"))
                .getMessage().contains("needs a compressor"));
    }
}
