package org.malcomedge.coordinator.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.codec.Compressors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * {@code compare --runs-file}: a sweep as one YAML file, a list of runs each with its own settings.
 * <pre>
 * runs:
 *   - algorithm: dpsgd
 *   - {label: choco-half, algorithm: choco, compressor: qsgd:16, gamma: 0.5}
 *   - {label: malcom-l1e-3, algorithm: malcom, lambda: 1e-3, eta: 0.05}
 * </pre>
 * A run's {@code label} (default ALGORITHM[:COMPRESSOR]) names its folder, table row and report
 * line, so labels are unique; {@code eta}, {@code gamma} ({@code auto} or a number) and
 * {@code lambda} override the flags for that run. Every problem is one line {@code FILE:LINE: KEY: ...}.
 */
public final class RunsFile {

    /** A run's keys, in the order the error messages list them. */
    static final Set<String> KEYS = new LinkedHashSet<>(List.of("label", "algorithm", "compressor", "eta", "gamma", "lambda"));

    private RunsFile() {
    }

    /** @throws InputException naming the file (and line, key) of the first problem */
    public static List<RunSettings> read(Path file) {
        String text = YamlFields.readText(file, "--runs-file");
        return parse(text, file.toString());
    }

    static List<RunSettings> parse(String yaml, String source) {
        Node root = YamlFields.compose(yaml, source);
        if (!(root instanceof MappingNode mapping)) {
            throw new InputException(source + ":" + YamlFields.lineOf(root) + ": expected a mapping with the key runs");
        }
        YamlFields top = new YamlFields(source, mapping, Set.of("runs"));
        Node list = top.node("runs");
        if (list == null) {
            throw top.missing("runs");
        }
        if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            throw top.problem("runs", "expected a list of runs, each a mapping of " + String.join(", ", KEYS));
        }
        List<RunSettings> runs = new ArrayList<>();
        Map<String, Integer> lineOfLabel = new LinkedHashMap<>();
        for (Node item : sequence.getValue()) {
            int line = YamlFields.lineOf(item);
            if (!(item instanceof MappingNode entry)) {
                throw new InputException(source + ":" + line + ": runs: expected a mapping of " + String.join(", ", KEYS)
                        + " for each run");
            }
            RunSettings run = run(new YamlFields(source, entry, KEYS), source + ":" + line);
            Integer first = lineOfLabel.putIfAbsent(run.label(), line);
            if (first != null) {
                throw new InputException(source + ":" + line + ": label: '" + run.label()
                        + "' is already the run at line " + first + " (labels name the run folders: give each run its own)");
            }
            runs.add(run);
        }
        return List.copyOf(runs);
    }

    private static RunSettings run(YamlFields fields, String where) {
        String algorithm = fields.text("algorithm").orElseThrow(() -> fields.missing("algorithm"));
        Optional<String> compressor = fields.text("compressor");
        Variant variant = fields.checked("algorithm", () -> new Variant(algorithm, compressor));
        compressor.ifPresent(spec -> fields.checked("compressor", () -> Compressors.parse(spec)));
        String label = fields.text("label").orElse(variant.toString());
        if (label.isBlank()) {
            throw fields.problem("label", "is empty");
        }
        OptionalDouble eta = optional(fields.number("eta", Double::parseDouble));
        Optional<OptionalDouble> gamma = fields.text("gamma")
                .map(text -> fields.checked("gamma", () -> ExperimentSpec.parseGamma(text, "gamma")));
        OptionalDouble lambda = optional(fields.number("lambda", Double::parseDouble));
        return new RunSettings(label, variant, eta, gamma, lambda, where);
    }

    private static OptionalDouble optional(Optional<Double> value) {
        return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }
}
