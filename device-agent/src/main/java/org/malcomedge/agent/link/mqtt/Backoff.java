package org.malcomedge.agent.link.mqtt;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: after {@code n} failed attempts the wait is uniform in
 * [0, min(cap, initial * 2^n)], so clients that lost the same broker do not come back in step.
 *
 * @param random uniform in [0, 1)
 */
public record Backoff(Duration initial, Duration cap, DoubleSupplier random) {

    /** The largest wait after {@code failures} failed attempts. */
    public Duration ceiling(int failures) {
        long capMillis = Math.max(1, cap.toMillis());
        // past 2^30 doublings any initial delay is above any cap: no shift overflows
        long grown = failures >= 30 ? capMillis : Math.max(1, initial.toMillis()) << failures;
        return Duration.ofMillis(Math.min(capMillis, grown));
    }

    public Duration delay(int failures) {
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling(failures).toMillis()));
    }
}
