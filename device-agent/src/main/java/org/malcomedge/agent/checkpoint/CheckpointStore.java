package org.malcomedge.agent.checkpoint;

import java.util.Optional;

/**
 * Where a node keeps its resume point: a file on the device ({@link FileCheckpointStore}), memory
 * in tests ({@link MemoryCheckpointStore}).
 */
public interface CheckpointStore {

    /**
     * The last checkpoint saved, or empty when there is none.
     *
     * @throws CorruptCheckpointException naming the checkpoint when it exists but cannot be read
     *                                    back whole (never a silent fresh start)
     */
    Optional<Checkpoint> load();

    /** Replaces the checkpoint; after a crash, {@link #load} returns either the old or the new one whole. */
    void save(Checkpoint checkpoint);

    /** Where it lives, for messages. */
    String where();
}
