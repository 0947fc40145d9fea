package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MemoryBroker;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.link.mqtt.Backoff;
import org.malcomedge.agent.testing.ManualClock;
import org.malcomedge.firmware.config.ConfigException;
import org.malcomedge.firmware.config.DeviceConfigLoader;

/** The first connect waits for the broker on an injected clock, pinging the watchdog, until it is there or asked to leave. */
class BrokerWaitTest {

    private static final MqttLinkSettings SETTINGS = settings();

    private static MqttLinkSettings settings() {
        try {
            return MqttLinkSettings.device(DeviceConfigLoader.parse("id: n0\nexperiment: e\nbroker: {uri: 'tcp://127.0.0.1:1'}\n"
                    + "data: {source: digits}\n", "n0.yaml", Path.of(".")), 0);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Fails {@code failures} times with "Connection refused", then connects to a memory twin. */
    private static FleetAgent.Connector failing(int failures, AtomicInteger attempts) {
        MemoryBroker twin = new MemoryBroker();
        return settings -> {
            if (attempts.incrementAndGet() <= failures) {
                throw new LinkException("cannot connect to " + settings.broker() + " as 'n0': Connection refused");
            }
            return twin.connectBeforeBirth(settings);
        };
    }

    @Test
    void eachFailedAttemptIsOneStatusAndTheWaitsGrowToTheCap() throws Exception {
        List<Duration> ceilings = new CopyOnWriteArrayList<>();
        Backoff backoff = new Backoff(BrokerWait.FIRST, BrokerWait.CAP, () -> 0.0); // no real waiting here
        for (int failures = 0; failures < 8; failures++) {
            ceilings.add(backoff.ceiling(failures));
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), ceilings.stream().map(Duration::toSeconds).toList());

        RecordingNotifier notifier = new RecordingNotifier();
        AtomicInteger attempts = new AtomicInteger();
        FleetLink link = new BrokerWait("n0", backoff, new ManualClock(), notifier).connect(failing(5, attempts), SETTINGS);
        assertTrue(link != null);
        assertEquals(6, attempts.get(), "five refused, the sixth connects: no exit");
        List<String> statuses = notifier.messages();
        assertEquals(5, statuses.size(), statuses.toString());
        assertEquals("STATUS=waiting for the broker tcp://127.0.0.1:1 (attempt 1 failed: cannot connect to "
                + "tcp://127.0.0.1:1 as 'n0': Connection refused)", statuses.get(0));
        assertTrue(statuses.get(4).contains("(attempt 5 failed"), statuses.toString());
        assertTrue(notifier.pings() >= 6, "a watchdog ping per attempt: " + notifier.pings());
    }

    @Test
    void theWaitRunsOnTheInjectedClock() throws Exception {
        ManualClock clock = new ManualClock();
        RecordingNotifier notifier = new RecordingNotifier();
        AtomicInteger attempts = new AtomicInteger();
        BrokerWait wait = new BrokerWait("n0", new Backoff(BrokerWait.FIRST, BrokerWait.CAP, () -> 0.5), clock, notifier);
        AtomicReference<FleetLink> connected = new AtomicReference<>();
        Thread agent = new Thread(() -> {
            try {
                connected.set(wait.connect(failing(1, attempts), SETTINGS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        agent.start();
        notifier.await(m -> m.contains("attempt 1 failed"), TestFleet.PATIENCE);
        assertEquals(1, attempts.get(), "waits 0.5 s of the manual clock, which has not moved");
        clock.advance(Duration.ofMillis(500));
        agent.join(TestFleet.PATIENCE.toMillis());
        assertTrue(connected.get() != null && attempts.get() == 2, "connected on the second attempt");
    }

    @Test
    void aLeaveEndsTheWaitAtOnce() throws Exception {
        RecordingNotifier notifier = new RecordingNotifier();
        BrokerWait wait = new BrokerWait("n0", new Backoff(BrokerWait.FIRST, BrokerWait.CAP, () -> 0.99), new ManualClock(),
                notifier);
        AtomicReference<Object> result = new AtomicReference<>("not returned");
        Thread agent = new Thread(() -> {
            try {
                result.set(wait.connect(failing(Integer.MAX_VALUE, new AtomicInteger()), SETTINGS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        agent.start();
        notifier.await(m -> m.contains("attempt 1 failed"), TestFleet.PATIENCE);
        wait.leave(); // the manual clock never moves: only the leave can end this wait
        agent.join(TestFleet.PATIENCE.toMillis());
        assertNull(result.get(), "left without a link");
        assertSame(Thread.State.TERMINATED, agent.getState());
    }
}
