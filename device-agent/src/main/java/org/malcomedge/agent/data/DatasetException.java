package org.malcomedge.agent.data;

import org.malcomedge.agent.InputException;

/**
 * A dataset that cannot be loaded, with one line naming the file and the line (or byte offset) at
 * fault, or the command that fetches a missing dataset. An {@link InputException}: exit status 2.
 */
public final class DatasetException extends InputException {

    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
