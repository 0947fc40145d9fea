package org.malcomedge.firmware.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * One YAML mapping read field by field. Every problem (unknown key, duplicate key, wrong type,
 * missing field) is added to a shared list with its full field path and line, so a loader can
 * report all of them at once instead of stopping at the first.
 */
final class YamlSection {

    private final String path;
    private final int line;
    private final List<ConfigProblem> problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlSection(String path, int line, List<ConfigProblem> problems) {
        this.path = path;
        this.line = line;
        this.problems = problems;
    }

    /** Reads {@code node} as a mapping with only {@code allowed} keys; empty (with a problem) when it is not a mapping. */
    static Optional<YamlSection> of(String path, Node node, Set<String> allowed, List<ConfigProblem> problems) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(new ConfigProblem(path, lineOf(node), "expected a mapping of " + String.join(", ", sorted(allowed))
                    + ", found " + describe(node)));
            return Optional.empty();
        }
        YamlSection section = new YamlSection(path, lineOf(node), problems);
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (key == null) {
                problems.add(new ConfigProblem(path, lineOf(keyNode), "keys must be plain names, found " + describe(keyNode)));
            } else if (!allowed.contains(key)) {
                problems.add(new ConfigProblem(section.child(key), lineOf(keyNode),
                        "unknown key (allowed here: " + String.join(", ", sorted(allowed)) + ")"));
            } else if (section.entries.putIfAbsent(key, tuple) != null) {
                problems.add(new ConfigProblem(section.child(key), lineOf(keyNode), "given twice"));
            }
        }
        return Optional.of(section);
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Line of the key's value, or of the section when the key is absent (1-based). */
    int line(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? line : lineOf(tuple.getValueNode());
    }

    void problem(String key, String message) {
        problems.add(new ConfigProblem(child(key), line(key), message));
    }

    /** A nested section, empty when absent or not a mapping (the latter reported). */
    Optional<YamlSection> section(String key, Set<String> allowed) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? Optional.empty() : of(child(key), tuple.getValueNode(), allowed, problems);
    }

    /** A scalar as text; empty when absent, reported when it is a mapping or a list. */
    Optional<String> text(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return Optional.empty();
        }
        Node value = tuple.getValueNode();
        if (value instanceof ScalarNode scalar) {
            return Optional.of(scalar.getValue());
        }
        problem(key, "expected a single value, found " + describe(value));
        return Optional.empty();
    }

    /** A required scalar; reports it missing. */
    Optional<String> requiredText(String key) {
        Optional<String> value = text(key);
        if (!has(key)) {
            problem(key, "is required");
        } else if (value.isPresent() && value.get().isBlank()) {
            problem(key, "is empty");
            return Optional.empty();
        }
        return value;
    }

    /** An integer in [min, max]; a non-integer or out-of-range value is reported with the value. */
    Optional<Integer> integer(String key, int min, int max) {
        return text(key).flatMap(raw -> {
            int value;
            try {
                value = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                problem(key, "'" + raw + "' is not a whole number");
                return Optional.empty();
            }
            if (value < min || value > max) {
                problem(key, value + " is out of range " + min + ".." + max);
                return Optional.empty();
            }
            return Optional.of(value);
        });
    }

    /** A value from a fixed set, compared case-insensitively. */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type, Function<E, String> name) {
        return text(key).flatMap(raw -> {
            for (E constant : type.getEnumConstants()) {
                if (name.apply(constant).equalsIgnoreCase(raw.trim())) {
                    return Optional.of(constant);
                }
            }
            List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(name).toList();
            problem(key, "'" + raw + "' is not one of " + String.join(", ", names));
            return Optional.empty();
        });
    }

    static int lineOf(Node node) {
        return node == null ? 0 : node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    private static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case MAPPING -> "a mapping";
            case SEQUENCE -> "a list";
            case SCALAR -> "'" + ((ScalarNode) node).getValue() + "'";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
