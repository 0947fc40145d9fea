package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.malcomedge.coordinator.report.FleetRound;

class RoundProgressTest {

    private static FleetRound round(int r, double accuracy) {
        return new FleetRound(r, 0, 0, accuracy, Double.NaN, 0, 1000, 125, r * 0.5);
    }

    @Test
    void offATerminalATenthOfTheRunIsOneLineWithTheLastMeasuredAccuracy() {
        List<String> lines = new ArrayList<>();
        try (RoundProgress progress = new RoundProgress.LogLines("run 2/4 choco:qsgd:16", 25, lines::add)) {
            for (int r = 1; r <= 25; r++) {
                progress.round(round(r, r % 5 == 0 ? r / 100.0 : Double.NaN), 25);
            }
        }
        assertEquals(13, lines.size(), "every 2 rounds (25 / 10), and the last: " + lines);
        assertEquals("run 2/4 choco:qsgd:16: round 2/25, accuracy not measured yet, 2.00e+03 payload bits, 1.0 s",
                lines.get(0));
        assertEquals("run 2/4 choco:qsgd:16: round 6/25, accuracy 0.050 (round 5), 6.00e+03 payload bits, 3.0 s",
                lines.get(2));
        assertEquals("run 2/4 choco:qsgd:16: round 25/25, accuracy 0.250 (round 25), 2.50e+04 payload bits, 12.5 s",
                lines.get(12));
    }

    @Test
    void aShortRunLogsEveryRound() {
        List<String> lines = new ArrayList<>();
        RoundProgress progress = new RoundProgress.LogLines("x", 3, lines::add);
        for (int r = 1; r <= 3; r++) {
            progress.round(round(r, Double.NaN), 3);
        }
        assertEquals(3, lines.size());
    }
}
