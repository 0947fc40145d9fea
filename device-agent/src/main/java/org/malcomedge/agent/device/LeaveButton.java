package org.malcomedge.agent.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns the raw edges of a mechanical push button into presses. A contact bounces for a few
 * milliseconds, so an edge that follows the previous edge (press or release) by less than the
 * debounce time is bounce, not a new press.
 */
final class LeaveButton {

    static final Duration DEBOUNCE = Duration.ofMillis(50);

    private final Clock clock;
    private final Runnable onPress;
    private Instant lastEdge;

    LeaveButton(Clock clock, Runnable onPress) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onPress = Objects.requireNonNull(onPress, "onPress");
    }

    /** One edge of the line: {@code pressed} is the new state. */
    void edge(boolean pressed) {
        Instant now = clock.instant();
        boolean settled;
        synchronized (this) {
            settled = lastEdge == null || Duration.between(lastEdge, now).compareTo(DEBOUNCE) >= 0;
            lastEdge = now;
        }
        if (pressed && settled) {
            onPress.run();
        }
    }
}
