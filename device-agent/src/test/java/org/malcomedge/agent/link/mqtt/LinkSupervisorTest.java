package org.malcomedge.agent.link.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The supervisor's timing on virtual time: no test here sleeps. */
class LinkSupervisorTest {

    private static final Duration INITIAL = Duration.ofMillis(250);
    private static final Duration CAP = Duration.ofSeconds(8);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** A client that does nothing until the test says how its attempt went. */
    private static final class FakeAttempt implements Connector.Attempt<FakeAttempt> {
        Connector.Events events;
        boolean abandoned;

        @Override
        public FakeAttempt client() {
            return this;
        }

        @Override
        public void start(Connector.Events events) {
            this.events = events;
        }

        @Override
        public void abandon() {
            abandoned = true;
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<FakeAttempt> attempts = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();

    private LinkSupervisor<FakeAttempt> supervisor(DoubleSupplier random) {
        Connector<FakeAttempt> connector = () -> {
            FakeAttempt a = new FakeAttempt();
            attempts.add(a);
            return a;
        };
        return new LinkSupervisor<>("test", connector, scheduler, scheduler.clock(), new Backoff(INITIAL, CAP, random),
                CONNECT_TIMEOUT, new LinkSupervisor.Listener<>() {
                    @Override
                    public void connected(FakeAttempt client, boolean reconnect) {
                        heard.add(reconnect ? "reconnected" : "connected");
                    }

                    @Override
                    public void lost() {
                        heard.add("lost");
                    }
                });
    }

    private FakeAttempt latest() {
        return attempts.get(attempts.size() - 1);
    }

    /** Connected, then lost: the supervisor is waiting for its first reconnect. */
    private LinkSupervisor<FakeAttempt> connectedThenLost(DoubleSupplier random) {
        LinkSupervisor<FakeAttempt> s = supervisor(random);
        s.start();
        latest().events.connected();
        latest().events.lost(new RuntimeException("broker gone"));
        return s;
    }

    @Test
    void aFirstConnectThatFailsIsNotRetried() {
        LinkSupervisor<FakeAttempt> s = supervisor(() -> 0.5);
        CompletableFuture<Void> first = s.start();
        latest().events.failed(new RuntimeException("refused"));
        scheduler.advance(Duration.ofMinutes(5));
        assertTrue(first.isCompletedExceptionally());
        assertEquals(1, attempts.size());
        assertTrue(attempts.get(0).abandoned);
    }

    @Test
    void theWaitDoublesFromTheInitialDelayUpToTheCap() {
        LinkSupervisor<FakeAttempt> s = connectedThenLost(() -> 0.999_999);
        long[] expectedCeilings = {250, 500, 1000, 2000, 4000, 8000, 8000, 8000};
        for (long ceiling : expectedCeilings) {
            int before = attempts.size();
            scheduler.advance(Duration.ofMillis(ceiling - 2));
            assertEquals(before, attempts.size(), "no attempt before the wait of up to " + ceiling + " ms");
            scheduler.advance(Duration.ofMillis(2));
            assertEquals(before + 1, attempts.size(), "an attempt once " + ceiling + " ms passed");
            latest().events.failed(new RuntimeException("connection refused"));
        }
        assertFalse(s.isConnected());
    }

    @Test
    void fullJitterStaysWithinZeroAndTheCeiling() {
        Random random = new Random(22);
        Backoff backoff = new Backoff(INITIAL, CAP, random::nextDouble);
        for (int failures = 0; failures < 50; failures++) {
            long ceiling = backoff.ceiling(failures).toMillis();
            assertEquals(Math.min(CAP.toMillis(), failures >= 30 ? Long.MAX_VALUE : INITIAL.toMillis() << failures), ceiling);
            for (int draw = 0; draw < 200; draw++) {
                long wait = backoff.delay(failures).toMillis();
                assertTrue(wait >= 0 && wait <= ceiling, wait + " ms outside [0, " + ceiling + "]");
            }
        }
        assertEquals(0, new Backoff(INITIAL, CAP, () -> 0).delay(3).toMillis(), "full jitter reaches zero");
    }

    @Test
    void aHungAttemptIsAbandonedAndTheNextUsesAFreshClient() {
        LinkSupervisor<FakeAttempt> s = connectedThenLost(() -> 0.5);
        scheduler.advance(INITIAL.dividedBy(2)); // the jittered wait: half the ceiling
        FakeAttempt hung = latest();
        scheduler.advance(CONNECT_TIMEOUT.minusMillis(1));
        assertFalse(hung.abandoned, "still within its connect timeout");
        scheduler.advance(Duration.ofMillis(1));
        assertTrue(hung.abandoned, "force-closed at its connect timeout");
        scheduler.advance(CAP);
        FakeAttempt next = latest();
        assertNotSame(hung, next);
        hung.events.connected(); // a late answer to the abandoned client changes nothing
        assertFalse(s.isConnected());
        next.events.connected();
        assertTrue(s.isConnected());
        assertEquals(next, s.connected().orElseThrow());
    }

    @Test
    void theListenerHearsOneLossAndOneReconnectPerOutageAndTheClockMeasuresIt() {
        LinkSupervisor<FakeAttempt> s = connectedThenLost(() -> 0.999_999);
        for (int i = 0; i < 4; i++) {
            scheduler.advance(CAP);
            latest().events.failed(new RuntimeException("connection refused"));
        }
        scheduler.advance(CAP);
        latest().events.connected();
        assertEquals(List.of("connected", "lost", "reconnected"), heard);
        assertEquals(5 * CAP.toMillis(), s.lastOutage().toMillis());
        assertEquals(2, s.connects());
        latest().events.lost(new RuntimeException("again"));
        scheduler.advance(INITIAL);
        assertFalse(latest().abandoned);
        assertEquals(List.of("connected", "lost", "reconnected", "lost"), heard, "the wait starts over at the initial delay");
    }

    @Test
    void stoppingDuringTheWaitStopsEverything() {
        LinkSupervisor<FakeAttempt> s = connectedThenLost(() -> 0.5);
        int before = attempts.size();
        assertTrue(s.stop().isEmpty(), "no live client to hand over");
        scheduler.advance(Duration.ofHours(1));
        assertEquals(before, attempts.size(), "no attempt after stop");
        assertEquals(0, scheduler.pending());
    }

    @Test
    void stoppingDuringAnAttemptAbandonsItAndStoppingWhenConnectedHandsTheClientOver() {
        LinkSupervisor<FakeAttempt> s = connectedThenLost(() -> 0.5);
        scheduler.advance(INITIAL);
        FakeAttempt pending = latest();
        s.stop();
        assertTrue(pending.abandoned);
        pending.events.connected();
        assertFalse(s.isConnected());

        LinkSupervisor<FakeAttempt> up = supervisor(() -> 0.5);
        up.start();
        latest().events.connected();
        FakeAttempt live = up.stop().orElseThrow();
        live.events.lost(new RuntimeException("our own DISCONNECT"));
        scheduler.advance(Duration.ofHours(1));
        assertFalse(live.abandoned, "the caller closes it gracefully");
        assertEquals(List.of("connected", "lost", "connected"), heard, "no loss reported after stop");
    }
}
