package org.malcomedge.coordinator.network;

import org.malcomedge.agent.star.StarMailboxes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.malcomedge.wire.ResidualFrame;

/** {@link StarNetwork} in this JVM: a published frame is in its receivers' mailboxes at once. No sockets. */
final class MemoryStarNetwork implements StarNetwork {

    /** Every frame is there before anyone waits for it: a wait that times out is a bug. */
    private final StarMailboxes mailboxes = new StarMailboxes(Duration.ZERO, "memory");
    private String server;
    private List<String> workers = List.of();

    @Override
    public void connect(String experiment, String serverId, List<String> workerIds) {
        this.server = serverId;
        this.workers = List.copyOf(workerIds);
    }

    @Override
    public void publishDown(ResidualFrame frame, Optional<String> worker) {
        worker.ifPresentOrElse(w -> mailboxes.arrived(w, frame), () -> workers.forEach(w -> mailboxes.arrived(w, frame)));
    }

    @Override
    public void publishUp(ResidualFrame frame) {
        mailboxes.arrived(server, frame);
    }

    @Override
    public ResidualFrame take(String receiver, String sender, long round) {
        return mailboxes.take(receiver, sender, round);
    }

    @Override
    public long socketBytes(String node) {
        return -1;
    }

    @Override
    public void close() {
        // nothing outside this JVM's heap
    }
}
