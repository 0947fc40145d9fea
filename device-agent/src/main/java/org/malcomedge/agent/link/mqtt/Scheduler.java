package org.malcomedge.agent.link.mqtt;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks later: the {@link LinkSupervisor}'s only way to wait, so its tests advance virtual
 * time instead of sleeping.
 */
interface Scheduler {

    /** A task not yet run; cancelling a task that ran already does nothing. */
    @FunctionalInterface
    interface Scheduled {
        void cancel();
    }

    Scheduled schedule(Runnable task, Duration delay);

    /** Shared by every link of the process: its tasks are short (they start connects and close clients). */
    Scheduler SHARED = over(Executors.newScheduledThreadPool(2, new DaemonThreads("mqtt-link-supervisor")));

    static Scheduler over(ScheduledExecutorService executor) {
        return (task, delay) -> {
            ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }

    /** Daemon threads named {@code name-N}: the supervisor's timers must not keep the JVM alive. */
    final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final String name;
        private final AtomicInteger count = new AtomicInteger();

        DaemonThreads(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
