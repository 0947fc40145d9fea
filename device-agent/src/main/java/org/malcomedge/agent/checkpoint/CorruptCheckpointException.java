package org.malcomedge.agent.checkpoint;

import org.malcomedge.agent.InputException;

/** A checkpoint exists but is not whole: one line naming the file(s) and what is wrong with them. */
public final class CorruptCheckpointException extends InputException {

    private static final long serialVersionUID = 1L;

    private CorruptCheckpointException(String message) {
        super(message);
    }

    /** The one generation there is does not read back whole. */
    static CorruptCheckpointException damaged(String where, String problem) {
        return new CorruptCheckpointException("checkpoint " + where + ": " + problem
                + " (remove it to start this node afresh)");
    }

    /** Neither generation reads back whole. */
    static CorruptCheckpointException bothDamaged(String latest, String latestProblem, String previous,
            String previousProblem) {
        return new CorruptCheckpointException("checkpoint " + latest + " and its previous generation " + previous
                + " are both damaged: " + latestProblem + "; " + previousProblem
                + " (remove both to start this node afresh)");
    }
}
