package org.malcomedge.coordinator.report;

import java.nio.file.Path;

/**
 * A run folder file that is missing or cannot be read back: the message is one line naming the
 * file and, where known, the line ({@code runs/x/rounds.csv:12: column 'sparsity': 'abc' is not a number}).
 */
public final class RunFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public RunFormatException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }

    public RunFormatException(Path file, String problem) {
        this(file, 0, problem);
    }
}
