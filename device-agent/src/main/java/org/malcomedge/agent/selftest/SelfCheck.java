package org.malcomedge.agent.selftest;

/**
 * One check of {@code malcom-agent selftest}: does this device run what the agent needs? A
 * check returns its outcome or throws; a throw counts as a failure with the exception as reason.
 */
public interface SelfCheck {

    String name();

    Outcome run() throws Exception;

    enum Status { PASS, FAIL, PENDING }

    /** @param detail for a person: what was measured, or why it failed or cannot run yet */
    record Outcome(Status status, String detail) {
        public static Outcome pass(String detail) {
            return new Outcome(Status.PASS, detail);
        }

        public static Outcome fail(String detail) {
            return new Outcome(Status.FAIL, detail);
        }

        public static Outcome pending(String detail) {
            return new Outcome(Status.PENDING, detail);
        }
    }
}
