package org.malcomedge.agent.transport;

import org.malcomedge.wire.ResidualFrame;

/**
 * What happens to one frame on one directed link of an {@link InMemoryNetwork}: delivered after a
 * number of network ticks, or lost. Must be a pure function of its arguments so runs stay
 * deterministic whatever the thread count.
 */
@FunctionalInterface
public interface LinkModel {

    int LOST = -1;

    /** Ticks until delivery (0 = at the next delivery), or {@link #LOST}. */
    int delay(String sender, String receiver, ResidualFrame frame);

    /** Every frame arrives at the next delivery. */
    static LinkModel perfect() {
        return (sender, receiver, frame) -> 0;
    }

    /**
     * Loses each residual frame independently with probability {@code p}, decided by a hash of
     * (seed, sender, receiver, epoch, seq) so the outcome does not depend on scheduling. Keyframes
     * are never lost (they model a repair path that retries).
     */
    static LinkModel lossy(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("loss probability must be in [0, 1], got " + p);
        }
        return (sender, receiver, frame) -> {
            if (frame.getKeyframe()) {
                return 0;
            }
            long h = seed;
            h = mix(h ^ sender.hashCode());
            h = mix(h ^ receiver.hashCode());
            h = mix(h ^ frame.getEpoch());
            h = mix(h ^ frame.getSeq());
            double u = (h >>> 11) * 0x1.0p-53;
            return u < p ? LOST : 0;
        };
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
