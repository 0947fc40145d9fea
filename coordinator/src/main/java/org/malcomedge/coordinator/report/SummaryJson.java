package org.malcomedge.coordinator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and writes {@code summary.json} (snake_case, nulls written out, indented). */
final class SummaryJson {

    /** The fields a summary.json must hold to rebuild a report from it. */
    static final List<String> REQUIRED = List.of("algorithm", "compressor", "nodes", "topology", "dataset", "rounds", "seed");

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SummaryJson() {
    }

    /** The summary.json names of the fields of {@link RunInfo} or {@link RunResults}, in file order. */
    static List<String> fieldNames(Class<? extends Record> half) {
        List<String> names = new java.util.ArrayList<>();
        JSON.getSerializationConfig().introspect(JSON.constructType(half)).findProperties()
                .forEach(property -> names.add(property.getName()));
        return names;
    }

    static ObjectNode tree(Summary summary) {
        return JSON.valueToTree(summary);
    }

    static void write(Path file, Summary summary) throws IOException {
        Files.writeString(file, text(summary));
    }

    /** {@code value} (a summary or a list of them) as indented JSON ending in a newline. */
    static String text(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary that Jackson cannot write: " + e.getOriginalMessage(), e);
        }
    }

    /** The configuration half of a summary.json; the results are recomputed from the CSV files. */
    static RunInfo readInfo(Path file) throws RunFormatException {
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new RunFormatException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw Files.exists(file) ? new RunFormatException(file, "cannot read: " + e.getMessage())
                    : new RunFormatException(file, "missing file");
        }
        if (tree == null || !tree.isObject()) {
            throw new RunFormatException(file, "expected a JSON object");
        }
        for (String field : REQUIRED) {
            if (!tree.hasNonNull(field)) {
                throw new RunFormatException(file, "missing field '" + field + "'");
            }
        }
        try {
            return JSON.treeToValue(tree, RunInfo.class);
        } catch (JsonProcessingException e) {
            throw new RunFormatException(file, "bad value: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }
}
