package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.malcomedge.agent.systemd.Notifier;

/** Keeps what an agent tells systemd; waits on it by condition. */
final class RecordingNotifier implements Notifier {

    private final List<String> messages = new ArrayList<>();
    private int pings;

    @Override
    public synchronized void send(String message) {
        messages.add(message);
        notifyAll();
    }

    @Override
    public synchronized void watchdog() {
        pings++;
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    synchronized int pings() {
        return pings;
    }

    /** Waits until a message matches, for at most {@code patience}; fails naming what came. */
    synchronized String await(Predicate<String> wanted, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            for (String message : messages) {
                if (wanted.test(message)) {
                    return message;
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            assertTrue(left > 0, "no such notification within " + patience + "; got " + messages);
            wait(left);
        }
    }
}
