package org.malcomedge.agent.checkpoint;

import java.util.Optional;

/** The in-memory twin of {@link FileCheckpointStore}: survives an agent's restart inside one JVM. */
public final class MemoryCheckpointStore implements CheckpointStore {

    private volatile Checkpoint last;

    @Override
    public Optional<Checkpoint> load() {
        return Optional.ofNullable(last);
    }

    @Override
    public void save(Checkpoint checkpoint) {
        last = checkpoint;
    }

    @Override
    public String where() {
        return "memory";
    }
}
