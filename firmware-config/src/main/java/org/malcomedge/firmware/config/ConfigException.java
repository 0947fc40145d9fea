package org.malcomedge.firmware.config;

import java.util.List;
import java.util.stream.Collectors;

/** A device config that cannot be used; carries every problem found, not just the first. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(format(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(String source, List<ConfigProblem> problems) {
        String header = source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
        return problems.stream().map(p -> "  " + p.render(source))
                .collect(Collectors.joining("\n", header + "\n", ""));
    }
}
