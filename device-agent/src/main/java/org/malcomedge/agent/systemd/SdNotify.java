package org.malcomedge.agent.systemd;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) without libsystemd: each message is one datagram to the AF_UNIX socket named by
 * {@code NOTIFY_SOCKET} (a path, or {@code @name} in the abstract namespace), sent from this
 * process, so the unit needs no {@code NotifyAccess=all}. Watchdog pings are throttled to one per
 * quarter of {@code WATCHDOG_USEC} (one a second without it), on the injected clock.
 */
final class SdNotify implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(SdNotify.class);

    private final String socket;
    private final Duration pingEvery;
    private final Clock clock;
    private Instant lastPing = Instant.MIN;
    private boolean failedBefore;

    SdNotify(String socket, Optional<Duration> watchdog, Clock clock) {
        this.socket = socket;
        this.pingEvery = watchdog.map(d -> d.dividedBy(4)).orElse(Duration.ofSeconds(1));
        this.clock = clock;
    }

    @Override
    public synchronized void send(String message) {
        try {
            UnixDatagram.send(socket, message.getBytes(StandardCharsets.UTF_8));
        } catch (UnixDatagram.SendException | LinkageError e) {
            if (!failedBefore) {
                failedBefore = true;
                log.warn("cannot notify systemd on NOTIFY_SOCKET {}: {} (further failures are not logged)", socket,
                        e.getMessage());
            }
        }
    }

    @Override
    public synchronized void watchdog() {
        Instant now = clock.instant();
        if (lastPing.equals(Instant.MIN) || !now.isBefore(lastPing.plus(pingEvery))) {
            lastPing = now;
            send("WATCHDOG=1");
        }
    }
}
