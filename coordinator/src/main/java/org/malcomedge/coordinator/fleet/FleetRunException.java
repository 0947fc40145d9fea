package org.malcomedge.coordinator.fleet;

/** A real fleet did not do what the run needs (devices missing at the start); the message names the nodes. */
public final class FleetRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FleetRunException(String message) {
        super(message);
    }
}
