package org.malcomedge.coordinator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.train.ModelSpec;

class TrainBenchmarkTest {

    @Test
    void oneRowPerBackendAndOneForTheForwardPassWithPositiveFigures() {
        ModelSpec spec = ModelSpec.parse("mlp:8", 16, 4);
        List<TrainBenchmark.Row> rows = TrainBenchmark.run(new TrainBenchmark.Settings(spec, 8, 1, 3, 0.01, 64));
        assertEquals(List.of("ort", "java", "ort-forward"), rows.stream().map(TrainBenchmark.Row::backend).toList());
        for (TrainBenchmark.Row row : rows) {
            assertEquals("16-8-4", row.model());
            assertEquals(8, row.batch());
            assertTrue(row.samplesPerSecond() > 0 && row.gflops() > 0 && row.matmulGflops() > 0, row.toString());
        }
    }

    @Test
    void flopsCountForwardWeightGradientsAndHiddenInputGradients() {
        ModelSpec spec = ModelSpec.parse("mlp:256", 784, 10);
        assertEquals(2.0 * 64 * (2 * 784 * 256 + 3 * 256 * 10), TrainBenchmark.trainStepFlops(spec, 64));
    }

    @Test
    void aCnnsFlopsCountItsConvolutionsAndTheFirstNeedsNoInputGradient() {
        ModelSpec spec = ModelSpec.parse("cnn:c2k3,max2,fc4", 36, 3); // conv 2x1x3x3 on 4x4 outputs, dense 8 -> 4 -> 3
        double first = 2 * 9 * 16;
        double rest = 8 * 4 + 4 * 3;
        assertEquals(2.0 * 5 * (2 * first + 3 * rest), TrainBenchmark.trainStepFlops(spec, 5));
        List<TrainBenchmark.Row> rows = TrainBenchmark.run(new TrainBenchmark.Settings(spec, 4, 1, 3, 0.01, 64));
        assertEquals("36-c2k3-max2-fc4-3", rows.get(0).model());
    }
}
