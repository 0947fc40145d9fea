package org.malcomedge.coordinator.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.coordinator.network.FleetNetwork;

/**
 * A bounded pool that runs a task for every node index, in contiguous chunks, plus one trainer per
 * worker thread. Tasks only touch their own node's state, so the outcome does not depend on the
 * number of threads.
 */
final class Workers implements FleetNetwork.Parallel, AutoCloseable {

    private final ExecutorService pool;
    private final int threads;
    private final Supplier<Trainer> factory;
    private final List<Trainer> created = new ArrayList<>();
    private final ThreadLocal<Trainer> trainer;

    Workers(int threads, Supplier<Trainer> factory) {
        this.threads = threads;
        this.factory = factory;
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "fleet-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.trainer = ThreadLocal.withInitial(this::newTrainer);
    }

    private synchronized Trainer newTrainer() {
        Trainer t = factory.get();
        created.add(t);
        return t;
    }

    /** The calling worker's trainer. */
    Trainer trainer() {
        return trainer.get();
    }

    /** Runs {@code task} for 0..n-1 and waits; rethrows the first failure. */
    @Override
    public void forEach(int n, IntConsumer task) {
        int chunks = Math.min(n, threads * 4);
        List<Callable<Void>> calls = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            calls.add(() -> {
                for (int i = from; i < to; i++) {
                    task.accept(i);
                }
                return null;
            });
        }
        try {
            for (Future<Void> done : pool.invokeAll(calls)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fleet run interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        pool.shutdownNow();
        created.forEach(Trainer::close);
        created.clear();
    }
}
