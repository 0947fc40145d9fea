package org.malcomedge.coordinator.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.malcomedge.agent.InputException;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * One YAML mapping of a user's file ({@code plan.yaml}, a compare's runs file) read key by key, each
 * value's line at hand, so that every problem is one {@link InputException} line
 * {@code FILE:LINE: KEY: what is wrong}. Unknown and repeated keys are refused at once. The file
 * and parse steps are public for readers with nested fields ({@code sites.SitesYaml}).
 */
public final class YamlFields {

    private final String source;
    private final int line;
    private final Set<String> keys;
    private final Map<String, Node> values = new LinkedHashMap<>();

    YamlFields(String source, MappingNode mapping, Set<String> keys) {
        this.source = source;
        this.line = lineOf(mapping);
        this.keys = keys;
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (key == null || !keys.contains(key)) {
                throw new InputException(source + ":" + lineOf(tuple.getKeyNode()) + ": " + (key == null ? "keys" : key)
                        + ": unknown key (allowed: " + String.join(", ", keys) + ")");
            }
            if (values.putIfAbsent(key, tuple.getValueNode()) != null) {
                throw new InputException(source + ":" + lineOf(tuple.getKeyNode()) + ": " + key + ": given twice");
            }
        }
    }

    /** The text of a user's file given by {@code flag}; a missing or unreadable file is one line naming it. */
    public static String readText(Path file, String flag) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(flag + " " + file + ": no such file", e);
        } catch (IOException e) {
            throw new InputException(flag + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The document's root node (null when empty); invalid YAML is one line with its position. */
    public static Node compose(String yaml, String source) {
        try {
            return new Compose(LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(true).build())
                    .composeString(yaml).orElse(null);
        } catch (MarkedYamlEngineException e) {
            int at = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
            throw new InputException(source + ":" + at + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new InputException(source + ": not valid YAML: " + e.getMessage());
        }
    }

    /** 1-based line of {@code node}, 1 for none. */
    public static int lineOf(Node node) {
        return node == null ? 1 : node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    String source() {
        return source;
    }

    /** The raw node of {@code key}, null when absent. */
    Node node(String key) {
        return values.get(key);
    }

    Optional<String> text(String key) {
        Node node = values.get(key);
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw problem(key, "expected a single value, found a " + node.getNodeType().toString().toLowerCase());
        }
        return Optional.of(scalar.getValue().strip());
    }

    <T> Optional<T> number(String key, Function<String, T> parser) {
        return text(key).map(raw -> {
            try {
                return parser.apply(raw);
            } catch (NumberFormatException e) {
                throw problem(key, "'" + raw + "' is not a number of the right kind");
            }
        });
    }

    /**
     * Runs a constructor or parser; its IllegalArgumentException names the flag ({@code --eta: ...}),
     * whose snake_case is the key; {@code key} says which key when the message does not.
     */
    <T> T checked(String key, Supplier<T> build) {
        try {
            return build.get();
        } catch (Located e) {
            throw e;
        } catch (IllegalArgumentException | InputException e) {
            String message = e.getMessage();
            if (message.startsWith("--")) {
                int colon = message.indexOf(':');
                String named = message.substring(2, colon < 0 ? message.length() : colon).replace('-', '_');
                if (keys.contains(named)) {
                    throw problem(named, message.substring(colon + 1).strip());
                }
            }
            if (key != null && message.startsWith(key + ":")) {
                message = message.substring(key.length() + 1).strip();
            }
            throw problem(key == null ? "" : key, message);
        }
    }

    InputException missing(String key) {
        return new Located(source + ":" + line + ": " + key + ": is required");
    }

    InputException problem(String key, String message) {
        Node node = values.get(key);
        int at = node == null ? line : lineOf(node);
        return new Located(source + ":" + at + ": " + (key.isEmpty() ? "" : key + ": ") + message);
    }

    /** A problem whose message already names the file and line. */
    private static final class Located extends InputException {
        private static final long serialVersionUID = 1L;

        Located(String message) {
            super(message);
        }
    }
}
