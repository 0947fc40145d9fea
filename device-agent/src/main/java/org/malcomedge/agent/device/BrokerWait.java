package org.malcomedge.agent.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.link.mqtt.Backoff;
import org.malcomedge.agent.systemd.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's first connect: a broker that cannot be reached (not up yet at boot, a network still
 * coming up, a clock not yet synchronized for TLS) is waited for, not a reason to exit. Attempts
 * are spaced by a {@link Backoff} (full jitter, from {@link #FIRST} doubling up to {@link #CAP}),
 * each failed one is one WARN line with its reason and the wait before the next, and each pings the
 * watchdog. A leave (SIGTERM, the leave button) ends the wait at once.
 */
final class BrokerWait {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(FleetAgent.class);

    /** Slices of a wait: the watchdog is pinged after each. */
    private static final long SLICE_MILLIS = 1000;

    private final String id;
    private final Backoff backoff;
    private final Clock clock;
    private final Notifier notifier;
    private boolean leaveAsked;

    /** @param clock the waits' time: a test's manual clock lets them pass without sleeping */
    BrokerWait(String id, Backoff backoff, Clock clock, Notifier notifier) {
        this.id = id;
        this.backoff = backoff;
        this.clock = clock;
        this.notifier = notifier;
    }

    /** Ends a wait in progress, and any later one, from any thread. */
    synchronized void leave() {
        leaveAsked = true;
        notifyAll();
    }

    static Backoff defaultBackoff() {
        return new Backoff(FIRST, CAP, ThreadLocalRandom.current()::nextDouble);
    }

    /** Connects, waiting for the broker as long as it takes; null when asked to leave first. */
    FleetLink connect(FleetAgent.Connector connector, MqttLinkSettings settings) throws InterruptedException {
        for (int failures = 0; ; failures++) {
            notifier.watchdog();
            try {
                FleetLink link = connector.connect(settings);
                log.info("{}: connected to {}{}", id, settings.broker(),
                        failures == 0 ? "" : " after " + (failures + 1) + " attempts");
                return link;
            } catch (LinkException e) {
                Duration wait = backoff.delay(failures);
                Instant until = clock.instant().plus(wait); // before anyone hears of the wait
                log.warn("{}: {}; attempt {} failed, next in {} s", id, e.getMessage(), failures + 1,
                        String.format(java.util.Locale.ROOT, "%.1f", wait.toMillis() / 1000.0));
                notifier.status("waiting for the broker " + settings.broker() + " (attempt " + (failures + 1)
                        + " failed: " + e.getMessage() + ")");
                if (!pauseUntil(until)) {
                    return null;
                }
            }
        }
    }

    /** Waits until {@code until} on the clock, or until asked to leave; false when asked to leave. */
    private synchronized boolean pauseUntil(Instant until) throws InterruptedException {
        while (!leaveAsked) {
            long left = until.toEpochMilli() - clock.millis();
            if (left <= 0) {
                return true;
            }
            wait(Math.min(left, SLICE_MILLIS));
            notifier.watchdog();
        }
        return false;
    }
}
