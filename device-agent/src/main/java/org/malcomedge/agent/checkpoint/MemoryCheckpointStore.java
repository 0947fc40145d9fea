package org.malcomedge.agent.checkpoint;

import java.util.Optional;

/**
 * The in-memory twin of {@link FileCheckpointStore}: survives an agent's restart inside one JVM.
 * It keeps the two generations too ({@link #previous}), though nothing in memory is ever damaged,
 * so {@link #load} always returns the last one.
 */
public final class MemoryCheckpointStore implements CheckpointStore {

    private Checkpoint last;
    private Checkpoint beforeLast;

    @Override
    public synchronized Optional<Checkpoint> load() {
        return Optional.ofNullable(last);
    }

    @Override
    public synchronized void save(Checkpoint checkpoint) {
        beforeLast = last;
        last = checkpoint;
    }

    /** The generation before the last one, as a file store's {@code .prev}. */
    public synchronized Optional<Checkpoint> previous() {
        return Optional.ofNullable(beforeLast);
    }

    @Override
    public synchronized void clear() {
        last = null;
        beforeLast = null;
    }

    @Override
    public String where() {
        return "memory";
    }
}
