package org.malcomedge.agent.checkpoint;

import java.util.Optional;

/**
 * Where a node keeps its resume point: a file on the device ({@link FileCheckpointStore}), memory
 * in tests ({@link MemoryCheckpointStore}). A store keeps two generations, the last checkpoint saved
 * and the one before it, so that a damaged last one falls back to the one before rather than to a
 * fresh start or to nothing.
 */
public interface CheckpointStore {

    /**
     * The last checkpoint saved if it reads back whole, else the one before it (logged at WARN,
     * naming what was passed over and the round resumed from), or empty when there is none.
     *
     * @throws CorruptCheckpointException naming both generations when a checkpoint exists but neither
     *                                    reads back whole (never a silent fresh start)
     */
    Optional<Checkpoint> load();

    /**
     * Saves {@code checkpoint} as the last one, the last one before it (if whole) becoming the one
     * before; after a crash at any moment, {@link #load} returns one of them whole.
     */
    void save(Checkpoint checkpoint);

    /**
     * Removes both generations, once the node has run the plan's last round: nothing is left to
     * resume, and a later run of the same plan (same digest) must start at round 1, not resume at
     * its end and leave at once.
     */
    void clear();

    /** Where it lives, for messages. */
    String where();
}
