package org.malcomedge.coordinator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.TrainTest;

class RawScaleCsvTest {

    @Test
    void theSetsAreIntegerCountsWithTheirClassesAndTheSameBytesEveryTime(@TempDir Path dir) throws Exception {
        for (RawScaleCsv csv : List.of(RawScaleCsv.SENSORS, RawScaleCsv.COUNTS26)) {
            Path file = csv.writeTo(dir.resolve("a"));
            assertEquals(Files.readString(file), Files.readString(csv.writeTo(dir.resolve("b"))), "deterministic by seed");
            List<String> lines = Files.readAllLines(file);
            assertEquals(csv.rows() + 1, lines.size());
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                for (int f = 0; f < csv.features(); f++) {
                    int count = Integer.parseInt(cells[f]);
                    assertTrue(count >= 0 && count <= 255, line);
                }
            }
            TrainTest data = Datasets.load("csv:" + file, Optional.empty(), dir);
            assertEquals(csv.classes(), data.train().classes());
            assertEquals(csv.features(), data.train().features());
        }
    }
}
