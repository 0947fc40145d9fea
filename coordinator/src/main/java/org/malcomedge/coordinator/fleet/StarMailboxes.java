package org.malcomedge.coordinator.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.malcomedge.agent.transport.TransportException;
import org.malcomedge.wire.ResidualFrame;

/**
 * Where a star's frames wait for their receiver until it takes them by sender and round, however
 * they travelled; both {@link StarNetwork}s keep their frames here. Frames of rounds a receiver
 * has passed are dropped when it takes a later one. Thread-safe.
 */
final class StarMailboxes {

    private final Map<String, List<ResidualFrame>> boxes = new HashMap<>();
    private final Duration timeout;
    private final String via;

    /**
     * @param via what the frames travel over, for the timeout message (e.g. the broker's URI)
     */
    StarMailboxes(Duration timeout, String via) {
        this.timeout = timeout;
        this.via = via;
    }

    synchronized void arrived(String receiver, ResidualFrame frame) {
        boxes.computeIfAbsent(receiver, r -> new ArrayList<>()).add(frame);
        notifyAll();
    }

    synchronized ResidualFrame take(String receiver, String sender, long round) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ResidualFrame> box = boxes.computeIfAbsent(receiver, r -> new ArrayList<>());
        while (true) {
            for (Iterator<ResidualFrame> it = box.iterator(); it.hasNext(); ) {
                ResidualFrame frame = it.next();
                if (frame.getRound() < round) {
                    it.remove(); // a broadcast to a worker that did not take part
                } else if (frame.getRound() == round && frame.getSender().equals(sender)) {
                    it.remove();
                    return frame;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TransportException(receiver + " has not received the frame of round " + round + " from "
                        + sender + " within " + timeout.toSeconds() + " s via " + via);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + receiver + " waited for " + sender, e);
            }
        }
    }
}
