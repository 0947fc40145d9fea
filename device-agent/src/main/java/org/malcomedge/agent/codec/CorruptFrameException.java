package org.malcomedge.agent.codec;

/** A payload that does not decode to the declared dimension; the one error every decoder throws. */
public final class CorruptFrameException extends Exception {

    private static final long serialVersionUID = 1L;

    public CorruptFrameException(String message) {
        super(message);
    }
}
