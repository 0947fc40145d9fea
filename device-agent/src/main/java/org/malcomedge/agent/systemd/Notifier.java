package org.malcomedge.agent.systemd;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent tells its service manager (sd_notify(3)): READY once it runs, a STATUS line per
 * state change, STOPPING on a leave, and watchdog pings from its loops (each round, each wait
 * slice, each broker attempt). Outside systemd (no {@code NOTIFY_SOCKET}) every call does nothing.
 */
public interface Notifier {

    Notifier NONE = new Notifier() {
        @Override
        public void send(String message) {
        }

        @Override
        public void watchdog() {
        }
    };

    /** Sends one sd_notify message, e.g. {@code READY=1}; a failure to send is logged once, never thrown. */
    void send(String message);

    /** {@code WATCHDOG=1}, at most once per quarter of the watchdog interval: call it as often as convenient. */
    void watchdog();

    default void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    default void status(String status) {
        send("STATUS=" + status);
    }

    default void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + status);
    }

    /** The process's notifier: to {@code NOTIFY_SOCKET} when systemd set it, else {@link #NONE}. */
    static Notifier fromEnvironment() {
        return fromEnvironment(System.getenv(), Clock.systemUTC());
    }

    static Notifier fromEnvironment(Map<String, String> env, Clock clock) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return NONE;
        }
        return new SdNotify(socket, watchdogInterval(env), clock);
    }

    /**
     * {@code WATCHDOG_USEC}, when it is meant for this process ({@code WATCHDOG_PID} unset or ours;
     * sd_watchdog_enabled(3)).
     */
    static Optional<Duration> watchdogInterval(Map<String, String> env) {
        String usec = env.get("WATCHDOG_USEC");
        String pid = env.get("WATCHDOG_PID");
        if (usec == null || (pid != null && !pid.equals(Long.toString(ProcessHandle.current().pid())))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
