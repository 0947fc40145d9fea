package org.malcomedge.agent.codec;

/**
 * A vector given to a compressor holds NaN or an infinity. Inputs are checked so that a model
 * that blew up is named as such instead of being coded into garbage; a simulator catches this
 * type to end a diverged run with its rows kept.
 */
public final class NonFiniteVectorException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    NonFiniteVectorException(int index, float value) {
        super("vector[" + index + "] is " + value + "; compressors take finite values only");
    }
}
