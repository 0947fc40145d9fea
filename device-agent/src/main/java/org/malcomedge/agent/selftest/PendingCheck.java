package org.malcomedge.agent.selftest;

/**
 * A check whose implementation is not in this build yet. It never passes, so a selftest with a
 * pending check exits non-zero instead of claiming a success it did not test.
 */
public record PendingCheck(String name, String reason) implements SelfCheck {

    @Override
    public Outcome run() {
        return Outcome.pending(reason);
    }
}
