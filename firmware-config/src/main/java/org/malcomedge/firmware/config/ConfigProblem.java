package org.malcomedge.firmware.config;

/**
 * One thing wrong with a config file: the field's path (e.g. {@code broker.uri}), the line it
 * stands on (0 when unknown) and what is wrong, with the offending value.
 */
public record ConfigProblem(String field, int line, String message) {

    /** {@code device.yaml:7: broker.uri: 'htp://x' is not tcp://, ssl://, ws:// or wss://} */
    public String render(String source) {
        String where = line > 0 ? source + ":" + line + ": " : "";
        return where + (field.isEmpty() ? "" : field + ": ") + message;
    }

    @Override
    public String toString() {
        return render("");
    }
}
