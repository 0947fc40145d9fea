package org.malcomedge.agent.checkpoint;

import org.malcomedge.agent.cli.InputException;

/** A checkpoint exists but is not whole: one line naming the file and what is wrong with it. */
public final class CorruptCheckpointException extends InputException {

    private static final long serialVersionUID = 1L;

    CorruptCheckpointException(String where, String problem) {
        super("checkpoint " + where + ": " + problem + " (remove it to start this node afresh)");
    }
}
