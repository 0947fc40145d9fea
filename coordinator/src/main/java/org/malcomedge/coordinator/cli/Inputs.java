package org.malcomedge.coordinator.cli;

import java.util.function.Supplier;
import org.malcomedge.agent.cli.InputException;

/** Turns a library's IllegalArgumentException about a user's value into a one-line input error. */
final class Inputs {

    private Inputs() {
    }

    static <T> T parse(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }
}
