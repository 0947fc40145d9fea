package org.malcomedge.coordinator.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkSpecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1mbit            | 1000000    | 0    | 0   | 1mbit",
        "1mbit:20ms       | 1000000    | 20   | 0   | 1mbit:20ms",
        "250kbit:50ms:1%  | 250000     | 50   | 1   | 250kbit:50ms:1%",
        "1.5gbit:0.5s     | 1500000000 | 500  | 0   | 1500mbit:500ms",
        "64000bit:800us   | 64000      | 0.8  | 0   | 64kbit:0.8ms",
        "2MBit:0ms:0.5%   | 2000000    | 0    | 0.5 | 2mbit:0ms:0.5%",
    })
    void parsesRateDelayAndLoss(String text, long rate, double delay, double loss, String canonical) {
        LinkSpec spec = LinkSpec.parse(text);
        assertEquals(rate, spec.bitsPerSecond());
        assertEquals(delay, spec.delayMillis(), 1e-9);
        assertEquals(loss, spec.lossPercent(), 1e-9);
        assertEquals(canonical, spec.toString());
        assertEquals(spec, LinkSpec.parse(spec.toString()));
    }

    @Test
    void onlyDelayOrLossNeedNetem() {
        assertFalse(LinkSpec.parse("1mbit").needsNetem());
        assertTrue(LinkSpec.parse("1mbit:20ms").needsNetem());
        assertTrue(LinkSpec.parse("1mbit:0ms:1%").needsNetem());
        assertEquals("1000000bit", LinkSpec.parse("1mbit").tcRate());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1mb:20ms          | --link: bad rate '1mb' in '1mb:20ms' (expected e.g. 250kbit, 1mbit or 1.5gbit)",
        "1mbit:20         | --link: bad delay '20' in '1mbit:20' (expected e.g. 20ms, 0.5s or 800us)",
        "1mbit:20ms:1     | --link: bad loss '1' in '1mbit:20ms:1' (expected e.g. 1% or 0.5%)",
        "1mbit:20ms:1%:x  | --link: expected RATE[:DELAY[:LOSS]] such as 1mbit:20ms or 250kbit:50ms:1%, got '1mbit:20ms:1%:x'",
        "1mbit:20ms:100%  | --link: loss must be at least 0% and below 100%, got 100.0%",
        "0kbit            | --link: rate must be at least 8bit, got 0 bit/s",
        "':20ms'          | --link: bad rate '' in ':20ms' (expected e.g. 250kbit, 1mbit or 1.5gbit)",
    })
    void badSpecsNameTheFlagAndThePart(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkSpec.parse(text));
        assertEquals(message, e.getMessage());
    }
}
