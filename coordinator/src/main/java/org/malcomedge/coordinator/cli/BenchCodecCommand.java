package org.malcomedge.coordinator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.malcomedge.agent.InputException;
import org.malcomedge.coordinator.bench.CodecBenchmark;
import org.malcomedge.coordinator.bench.CodecTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "codec", mixinStandardHelpOptions = true, description = "Bits per parameter, entropy gap and speed of every coder.")
final class BenchCodecCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print one JSON array of rows instead of the table")
    boolean json;

    @Option(names = "--d", split = ",", paramLabel = "D", description = "dimensions [10000,100000,1000000]")
    List<Integer> dimensions = CodecBenchmark.Grid.DIMENSIONS;

    @Option(names = "--sparsity", split = ",", paramLabel = "F", description = "fractions of zeros in the input [0,0.5,0.9,0.99]")
    List<Double> sparsities = CodecBenchmark.Grid.SPARSITIES;

    @Option(names = "--s", split = ",", paramLabel = "S", description = "QSGD level counts [1,4,16]")
    List<Integer> levels = CodecBenchmark.Grid.LEVELS;

    @Option(names = "--coders", split = ",", paramLabel = "CODER", description = "coders [vsc,range,elias,deflate,zstd]; also raw, deflate:L, zstd:L")
    List<String> coders = CodecBenchmark.Grid.CODERS;

    @Option(names = "--repeats", paramLabel = "N", description = "timed repetitions per row, the median is reported [7]")
    int repeats = 7;

    @Option(names = "--seed", description = "input seed [1]")
    long seed = 1;

    @Override
    public Integer call() throws Exception {
        validate();
        CodecBenchmark.Grid grid = new CodecBenchmark.Grid(dimensions, sparsities, levels, coders, repeats, seed);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<CodecBenchmark.Row> rows = CodecBenchmark.run(grid, row -> { });
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            CodecTable table = new CodecTable(out);
            table.header();
            CodecBenchmark.run(grid, table::row);
        }
        out.flush();
        return 0;
    }

    private void validate() {
        for (int d : dimensions) {
            if (d < 1 || d > 100_000_000) {
                throw new InputException("--d " + d + ": dimensions must be in 1..100000000");
            }
        }
        for (double sparsity : sparsities) {
            if (!(sparsity >= 0 && sparsity <= 1)) {
                throw new InputException("--sparsity " + sparsity + ": must be in [0, 1]");
            }
        }
        for (int s : levels) {
            if (s < 1 || s > 255) {
                throw new InputException("--s " + s + ": level counts must be in 1..255");
            }
        }
        if (repeats < 1) {
            throw new InputException("--repeats " + repeats + ": must be >= 1");
        }
        for (String coder : coders) {
            try {
                org.malcomedge.agent.codec.Compressors.levelCoder(coder);
            } catch (IllegalArgumentException e) {
                throw new InputException("--coders " + coder + ": unknown coder (use " + String.join(", ",
                        org.malcomedge.agent.codec.Compressors.CODERS) + ")");
            }
        }
    }
}
