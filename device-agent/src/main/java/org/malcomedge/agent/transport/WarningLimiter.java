package org.malcomedge.agent.transport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Says when a recurring warning is worth a log line: the first time for a key, then once per
 * {@link #INTERVAL}. Remembers at most {@value #MAX_KEYS} keys (forged frames choose their
 * senders); beyond that it forgets them all and starts afresh.
 */
final class WarningLimiter {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final int MAX_KEYS = 1024;

    private final LongSupplier nanoTime;
    private final Map<String, Long> lastWarned = new HashMap<>();

    WarningLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** True when {@code key} was never warned about or not within the interval (and notes it now). */
    synchronized boolean firstInAWhile(String key) {
        long now = nanoTime.getAsLong();
        Long last = lastWarned.get(key);
        if (last != null && now - last < INTERVAL.toNanos()) {
            return false;
        }
        if (last == null && lastWarned.size() >= MAX_KEYS) {
            lastWarned.clear();
        }
        lastWarned.put(key, now);
        return true;
    }
}
