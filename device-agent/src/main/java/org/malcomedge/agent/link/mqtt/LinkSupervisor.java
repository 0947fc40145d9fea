package org.malcomedge.agent.link.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a link's connecting, instead of the MQTT library's automatic reconnect (Paho 1.2.5's can stop
 * for good: an attempt that fails synchronously is never rescheduled, and one whose socket a dying
 * broker reset can hang forever, after which every attempt is "connect already in progress").
 *
 * <ul>
 *   <li>Every attempt is a fresh client from the {@link Connector}, with a connect timeout after
 *       which it is force-closed: a hung attempt cannot block the next one.</li>
 *   <li>After a lost connection or a failed attempt the next one waits a {@link Backoff} (full
 *       jitter, capped); a connect resets it.</li>
 *   <li>The first connect is not retried: {@link #start} fails, as a wrong address or password should.</li>
 *   <li>The listener hears {@code lost} once per outage and {@code connected} once per connect.</li>
 * </ul>
 *
 * State changes happen under the lock; the connector and the listener are called outside it (the
 * library's callback thread delivers events, and closing a client waits for that thread), and
 * clients are abandoned on the scheduler, never on the thread that reported them.
 */
final class LinkSupervisor<C> {

    /** Told of connects and losses, on the thread that reported them. */
    interface Listener<C> {
        void connected(C client, boolean reconnect);

        void lost();
    }

    private enum Phase { IDLE, CONNECTING, CONNECTED, WAITING, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(LinkSupervisor.class);

    private final String name;
    private final Connector<C> connector;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Backoff backoff;
    private final Duration connectTimeout;
    private final Listener<C> listener;
    private final CompletableFuture<Void> first = new CompletableFuture<>();

    private Phase phase = Phase.IDLE;
    private Connector.Attempt<C> attempt;
    private Scheduler.Scheduled timer = () -> { };
    private int failures;
    private long connects;
    private Instant lostAt;
    private Duration lastOutage = Duration.ZERO;

    LinkSupervisor(String name, Connector<C> connector, Scheduler scheduler, Clock clock, Backoff backoff,
                   Duration connectTimeout, Listener<C> listener) {
        this.name = name;
        this.connector = connector;
        this.scheduler = scheduler;
        this.clock = clock;
        this.backoff = backoff;
        this.connectTimeout = connectTimeout;
        this.listener = listener;
    }

    /** Makes the first attempt; completes when it connected, exceptionally (and stopped) when it failed or timed out. */
    CompletableFuture<Void> start() {
        synchronized (this) {
            if (phase != Phase.IDLE) {
                throw new IllegalStateException(name + ": started already");
            }
        }
        attemptNow();
        return first;
    }

    private void attemptNow() {
        Connector.Attempt<C> fresh;
        synchronized (this) {
            if (phase == Phase.STOPPED) {
                return;
            }
            fresh = connector.fresh();
            attempt = fresh;
            phase = Phase.CONNECTING;
            timer = scheduler.schedule(() -> timedOut(fresh), connectTimeout);
        }
        fresh.start(new Connector.Events() {
            @Override
            public void connected() {
                onConnected(fresh);
            }

            @Override
            public void failed(Throwable cause) {
                onFailed(fresh, cause);
            }

            @Override
            public void lost(Throwable cause) {
                onLost(fresh, cause);
            }
        });
    }

    private void onConnected(Connector.Attempt<C> from) {
        boolean reconnect;
        synchronized (this) {
            if (from != attempt || phase != Phase.CONNECTING) {
                return; // timed out meanwhile (and abandoned), or stopped
            }
            timer.cancel();
            phase = Phase.CONNECTED;
            failures = 0;
            reconnect = connects++ > 0;
            if (lostAt != null) {
                lastOutage = Duration.between(lostAt, clock.instant());
                log.info("{}: connected again after {} ms", name, lastOutage.toMillis());
                lostAt = null;
            }
        }
        listener.connected(from.client(), reconnect); // subscriptions and BIRTH are on their way before start() returns
        first.complete(null);
    }

    private void onFailed(Connector.Attempt<C> from, Throwable cause) {
        synchronized (this) {
            if (from != attempt || phase != Phase.CONNECTING) {
                return;
            }
            timer.cancel();
            retire(from);
            if (connects == 0) {
                phase = Phase.STOPPED; // a first connect that fails is the caller's error to report
            } else {
                log.warn("{}: connect attempt {} failed: {}", name, failures + 1, cause.getMessage());
                waitThenAttempt();
            }
        }
        first.completeExceptionally(cause);
    }

    private void timedOut(Connector.Attempt<C> from) {
        onFailed(from, new TimeoutException("no answer to the connect within " + connectTimeout.toMillis() + " ms"));
    }

    private void onLost(Connector.Attempt<C> from, Throwable cause) {
        synchronized (this) {
            if (from != attempt || phase != Phase.CONNECTED) {
                return;
            }
            lostAt = clock.instant();
            log.warn("{}: connection lost ({}); reconnecting", name, cause == null ? "no reason" : cause.getMessage());
            retire(from);
            waitThenAttempt();
        }
        listener.lost();
    }

    /** Under the lock. */
    private void waitThenAttempt() {
        Duration wait = backoff.delay(failures++);
        phase = Phase.WAITING;
        timer = scheduler.schedule(this::attemptNow, wait);
    }

    /** Under the lock: forgets the attempt and has it closed on the scheduler, off the reporting thread. */
    private void retire(Connector.Attempt<C> old) {
        attempt = null;
        scheduler.schedule(old::abandon, Duration.ZERO);
    }

    /** The connected client, if the link is up right now. */
    synchronized Optional<C> connected() {
        return phase == Phase.CONNECTED ? Optional.of(attempt.client()) : Optional.empty();
    }

    synchronized boolean isConnected() {
        return phase == Phase.CONNECTED;
    }

    /** Connects so far, the first included. */
    synchronized long connects() {
        return connects;
    }

    /** From the loss of the latest outage that ended to its reconnect, on the injected clock. */
    synchronized Duration lastOutage() {
        return lastOutage;
    }

    /**
     * Stops reconnecting for good: cancels a pending wait, abandons an attempt in progress, and hands
     * a live client to the caller, who closes it (gracefully: the supervisor no longer touches it).
     */
    Optional<C> stop() {
        Connector.Attempt<C> pending = null;
        Optional<C> live = Optional.empty();
        synchronized (this) {
            timer.cancel();
            if (phase == Phase.CONNECTED) {
                live = Optional.of(attempt.client());
            } else if (attempt != null) {
                pending = attempt;
            }
            attempt = null;
            phase = Phase.STOPPED;
        }
        if (pending != null) {
            pending.abandon();
        }
        first.completeExceptionally(new IllegalStateException(name + ": stopped"));
        return live;
    }
}
