package org.malcomedge.agent.selftest;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs checks one after another and prints one line per check with its time. */
public final class Selftest {

    private Selftest() {
    }

    /** @return how many checks ended in each status */
    public static Map<SelfCheck.Status, Integer> run(List<SelfCheck> checks, PrintWriter out) {
        Map<SelfCheck.Status, Integer> counts = new EnumMap<>(SelfCheck.Status.class);
        for (SelfCheck.Status status : SelfCheck.Status.values()) {
            counts.put(status, 0);
        }
        for (SelfCheck check : checks) {
            long start = System.nanoTime();
            SelfCheck.Outcome outcome;
            try {
                outcome = check.run();
            } catch (Exception | LinkageError e) {
                outcome = SelfCheck.Outcome.fail(e.toString());
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            out.println(String.format(Locale.ROOT, "%-7s %-20s %6d ms  %s", outcome.status(), check.name(), ms,
                    outcome.detail()));
            out.flush();
            counts.merge(outcome.status(), 1, Integer::sum);
        }
        return counts;
    }
}
