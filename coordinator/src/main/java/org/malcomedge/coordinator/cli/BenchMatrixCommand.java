package org.malcomedge.coordinator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.coordinator.bench.MatrixBenchmark;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.report.RunFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The learning benchmark matrix: data sets x splits, each cell a compare of dpsgd, "
                + "choco:qsgd:16, malcom and the best pipeline with default flags; prints one table and the goals "
                + "it meets or misses. Cells go to OUT/DATASET-SPLIT; the raw-scale CSVs to OUT/data.")
final class BenchMatrixCommand implements Callable<Integer> {

    @Option(names = "--datasets", split = ",", paramLabel = "LIST",
            defaultValue = "digits,fashion-mnist,mnist,csv:sensors,csv:counts26",
            description = "Data sets; csv:sensors and csv:counts26 are generated raw-count CSVs [${DEFAULT-VALUE}]")
    List<String> datasets;

    @Option(names = "--splits", split = ",", paramLabel = "LIST", defaultValue = "iid,dirichlet:0.5",
            description = "Splits [${DEFAULT-VALUE}]")
    List<String> splits;

    @Option(names = "--runs", paramLabel = "LIST", defaultValue = MatrixBenchmark.RUNS,
            description = "The runs of every cell [${DEFAULT-VALUE}]")
    String runs;

    @Option(names = "--rounds", paramLabel = "R", description = "Rounds [compare's default]")
    Integer rounds;

    @Option(names = "--model", paramLabel = "SPEC", description = "Model [compare's default]")
    String model;

    @Option(names = "--eval-every", paramLabel = "K", defaultValue = "10",
            description = "Evaluate every K rounds [${DEFAULT-VALUE}]")
    int evalEvery;

    @Option(names = "--transport", paramLabel = "KIND", defaultValue = "memory",
            description = "memory|mqtt; payload bits are the codec's bytes either way [${DEFAULT-VALUE}]")
    String transport;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder [runs/matrix-<UTC timestamp>]")
    Path out;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : Path.of("runs", "matrix-" + ExperimentSpec.defaultOut(java.time.Clock.systemUTC())
                .getFileName());
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new InputException("--out " + dir + ": exists and is not empty (a matrix writes a fresh folder)");
        }
        List<String> flags = new ArrayList<>(List.of("--eval-every", Integer.toString(evalEvery), "--transport", transport));
        if (rounds != null) {
            flags.addAll(List.of("--rounds", rounds.toString()));
        }
        if (model != null) {
            flags.addAll(List.of("--model", model));
        }
        PrintWriter err = command.commandLine().getErr();
        List<MatrixBenchmark.Row> rows;
        try {
            rows = MatrixBenchmark.run(datasets, splits, runs, flags, dir, args -> compare(args, err));
        } catch (RunFormatException e) {
            throw new InputException(e.getMessage(), e);
        }
        String table = MatrixBenchmark.render(rows);
        Files.writeString(dir.resolve("matrix.txt"), table);
        command.commandLine().getOut().print(table);
        command.commandLine().getOut().println("wrote " + dir.resolve("matrix.txt"));
        return Cli.OK;
    }

    /** One cell: the compare command itself, its table to stderr as progress; a failure ends the matrix. */
    private static void compare(List<String> args, PrintWriter err) {
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        List<String> all = new ArrayList<>(List.of("compare"));
        all.addAll(args);
        int status = MalcomCli.run(new PrintWriter(output, true), new PrintWriter(errors, true), all.toArray(String[]::new));
        err.print(output);
        err.flush();
        if (status != Cli.OK) {
            String message = errors.toString().strip().replaceFirst("^malcom: ", "");
            throw new InputException("compare " + String.join(" ", args) + ": " + message);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
