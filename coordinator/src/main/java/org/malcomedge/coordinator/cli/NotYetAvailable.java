package org.malcomedge.coordinator.cli;

/** Thrown by a subcommand whose implementation has not landed: says which issue brings it. */
final class NotYetAvailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NotYetAvailable(String command, int issue) {
        super("'" + command + "' is not implemented in this version yet (tracked as issue " + issue + ")");
    }
}
