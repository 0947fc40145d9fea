package org.malcomedge.agent.train.graph;

import java.util.List;
import java.util.Map;

/**
 * One ONNX operator application. Attribute values are {@code Long}, {@code Float}, {@code String},
 * {@code long[]} or {@code float[]}, mapped to the ONNX attribute types INT, FLOAT, STRING, INTS,
 * FLOATS.
 */
public record Node(String opType, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {

    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    public String output() {
        return outputs.get(0);
    }

    public long intAttribute(String name, long fallback) {
        Object value = attributes.get(name);
        return value == null ? fallback : (Long) value;
    }

    public float floatAttribute(String name, float fallback) {
        Object value = attributes.get(name);
        return value == null ? fallback : (Float) value;
    }

    public String stringAttribute(String name, String fallback) {
        Object value = attributes.get(name);
        return value == null ? fallback : (String) value;
    }
}
