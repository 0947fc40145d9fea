package org.malcomedge.coordinator.link;

import java.io.IOException;
import java.util.List;

/**
 * Runs one system command ({@code ip}, {@code tc}) to completion. The real one starts a process;
 * tests use a twin that records the commands and fails the ones it is told to.
 */
public interface CommandRunner {

    /** What a finished command gave: its exit status and its output (stdout and stderr together). */
    record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs {@code command} and waits for it.
     *
     * @throws IOException when the program cannot be started (not installed, not on the PATH)
     */
    Result run(List<String> command) throws IOException;

    /** Runs commands as processes of this machine. */
    static CommandRunner system() {
        return new ProcessRunner();
    }
}
