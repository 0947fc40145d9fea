package org.malcomedge.agent.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.testing.ManualClock;

/** sd_notify's datagrams on a real AF_UNIX socket that stands in for systemd's. */
class SdNotifyTest {

    @TempDir
    Path dir;

    @Test
    void readyStatusAndThrottledWatchdogPingsArriveAsDatagramsOnAPathSocket() throws Exception {
        String socket = dir.resolve("notify").toString();
        int systemd = UnixDatagram.bind(socket);
        try {
            ManualClock clock = new ManualClock();
            Notifier notifier = Notifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket, "WATCHDOG_USEC", "8000000"), clock);
            notifier.ready("waiting for the broker");
            assertEquals("READY=1\nSTATUS=waiting for the broker", UnixDatagram.poll(systemd));
            notifier.watchdog();
            notifier.watchdog(); // within a quarter of 8 s: not sent again
            assertEquals("WATCHDOG=1", UnixDatagram.poll(systemd));
            assertNull(UnixDatagram.poll(systemd));
            clock.advance(Duration.ofMillis(1999));
            notifier.watchdog();
            assertNull(UnixDatagram.poll(systemd));
            clock.advance(Duration.ofMillis(1));
            notifier.watchdog();
            assertEquals("WATCHDOG=1", UnixDatagram.poll(systemd));
            notifier.stopping("leaving");
            assertEquals("STOPPING=1\nSTATUS=leaving", UnixDatagram.poll(systemd));
        } finally {
            UnixDatagram.close(systemd);
        }
    }

    @Test
    void anAbstractSocketNameWorksToo() throws Exception {
        String socket = "@malcom-sdnotify-test-" + ProcessHandle.current().pid();
        int systemd = UnixDatagram.bind(socket);
        try {
            Notifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket), new ManualClock()).status("joined");
            assertEquals("STATUS=joined", UnixDatagram.poll(systemd));
        } finally {
            UnixDatagram.close(systemd);
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndAMissingSocketIsNoFailure() {
        assertSame(Notifier.NONE, Notifier.fromEnvironment(Map.of(), new ManualClock()));
        Notifier gone = Notifier.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("none").toString()), new ManualClock());
        gone.ready("x"); // logged once, not thrown: the agent runs on without systemd's ear
        gone.watchdog();
    }

    @Test
    void theWatchdogIntervalIsOnlyOursWhenWatchdogPidIsUnsetOrOurs() {
        String ours = Long.toString(ProcessHandle.current().pid());
        assertEquals(Optional.of(Duration.ofSeconds(180)), Notifier.watchdogInterval(Map.of("WATCHDOG_USEC", "180000000")));
        assertEquals(Optional.of(Duration.ofSeconds(3)),
                Notifier.watchdogInterval(Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", ours)));
        assertTrue(Notifier.watchdogInterval(Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "1")).isEmpty());
        assertTrue(Notifier.watchdogInterval(Map.of("WATCHDOG_USEC", "soon")).isEmpty());
    }
}
