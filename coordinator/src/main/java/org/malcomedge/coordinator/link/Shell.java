package org.malcomedge.coordinator.link;

import java.io.IOException;
import java.util.List;
import org.malcomedge.agent.InputException;

/**
 * Runs {@code ip} and {@code tc} through a {@link CommandRunner} and turns the two ways this
 * machine can refuse (the program is missing, the user lacks CAP_NET_ADMIN) into one line each.
 */
final class Shell {

    private final CommandRunner runner;

    Shell(CommandRunner runner) {
        this.runner = runner;
    }

    /** Runs a command that may fail; only a missing program is an error. */
    CommandRunner.Result attempt(List<String> command) throws IOException {
        try {
            return runner.run(command);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
                throw new InputException(LinkSpec.FLAG + " needs the '" + command.get(0)
                        + "' command (Debian package iproute2), which is not on the PATH");
            }
            throw e;
        }
    }

    /** Runs a command that must succeed; returns its output. */
    String must(List<String> command) throws IOException {
        return check(command, attempt(command));
    }

    /** The output of a command that must have succeeded; else the one-line error for its failure. */
    String check(List<String> command, CommandRunner.Result result) throws IOException {
        if (!result.ok()) {
            if (notPermitted(result)) {
                throw new InputException(LinkSpec.FLAG + " needs CAP_NET_ADMIN to make network namespaces and links "
                        + "(run as root, e.g. with sudo): '" + String.join(" ", command) + "' said: " + firstLine(result));
            }
            throw new IOException("'" + String.join(" ", command) + "' failed (exit " + result.exitCode() + "): " + firstLine(result));
        }
        return result.output();
    }

    static boolean notPermitted(CommandRunner.Result result) {
        return result.output().contains("Operation not permitted") || result.output().contains("Permission denied");
    }

    static String firstLine(CommandRunner.Result result) {
        return result.output().lines().findFirst().orElse("(no output)");
    }
}
