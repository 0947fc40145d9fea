package org.malcomedge.coordinator.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.malcomedge.wire.ResidualFrame;

/**
 * The downlinks a star server sent each worker in its last few rounds, so that a worker restarted
 * from its checkpoint can be sent those it has not taken (a broadcast is shared, not copied). A
 * worker checkpoints every round and the server cannot pass a round without its participants'
 * uplinks, so a returning worker needs at most its last two rounds' downlinks: the one it was
 * waiting for, and the one before if it sent that round's uplink but died before checkpointing.
 * Thread-safe.
 */
final class RecentDownlinks {

    /** Rounds kept per worker: the two a returning worker can need, and one to spare. */
    static final int KEPT = 3;

    private final List<Deque<ResidualFrame>> byWorker = new ArrayList<>();
    /** Per worker, the latest round whose downlink was pushed out of the window (0: none). */
    private final int[] forgottenUpTo;

    RecentDownlinks(int workers) {
        for (int i = 0; i < workers; i++) {
            byWorker.add(new ArrayDeque<>());
        }
        forgottenUpTo = new int[workers];
    }

    synchronized void sent(int worker, ResidualFrame frame) {
        Deque<ResidualFrame> kept = byWorker.get(worker);
        kept.addLast(frame);
        if (kept.size() > KEPT) {
            forgottenUpTo[worker] = (int) kept.removeFirst().getRound();
        }
    }

    /**
     * The downlinks worker {@code worker} was sent after round {@code round}, oldest first; empty when
     * some of them are no longer kept (it cannot be brought back in step).
     */
    synchronized Optional<List<ResidualFrame>> after(int worker, int round) {
        if (forgottenUpTo[worker] > round) {
            return Optional.empty();
        }
        return Optional.of(byWorker.get(worker).stream().filter(f -> f.getRound() > round).toList());
    }

    /** The oldest round still kept for {@code worker} (0 when none was sent yet). */
    synchronized long oldestKept(int worker) {
        return byWorker.get(worker).stream().mapToLong(ResidualFrame::getRound).min().orElse(0);
    }
}
