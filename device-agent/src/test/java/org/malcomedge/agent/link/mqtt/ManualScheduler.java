package org.malcomedge.agent.link.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;

/** Test twin of {@link Scheduler}: virtual time that moves only in {@link #advance}, tasks run on the caller's thread. */
final class ManualScheduler implements Scheduler {

    private record Task(Instant due, long order, Runnable body) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparing(Task::due).thenComparingLong(Task::order));
    private Instant now = Instant.parse("2024-01-01T00:00:00Z");
    private long order;

    @Override
    public synchronized Scheduled schedule(Runnable body, Duration delay) {
        Task task = new Task(now.plus(delay), order++, body);
        tasks.add(task);
        return () -> {
            synchronized (this) {
                tasks.remove(task);
            }
        };
    }

    /** Runs, in order of their due time, every task due within {@code step}, then sets the clock to its end. */
    void advance(Duration step) {
        Instant end = now.plus(step);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due().isAfter(end)) {
                    now = end;
                    return;
                }
                tasks.poll();
                now = next.due();
            }
            next.body().run();
        }
    }

    /** Runs what is due now (zero-delay tasks such as closing an abandoned client). */
    void runDue() {
        advance(Duration.ZERO);
    }

    synchronized int pending() {
        return tasks.size();
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                synchronized (ManualScheduler.this) {
                    return now;
                }
            }
        };
    }
}
