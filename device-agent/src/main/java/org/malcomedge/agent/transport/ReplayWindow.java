package org.malcomedge.agent.transport;

import java.util.BitSet;

/**
 * Which sequence numbers of one sender's epoch were already accepted: a sliding window over the
 * last {@value #SIZE} numbers below the highest seen (the anti-replay window of RFC 4303, 3.4.3).
 * A frame inside the window and not yet seen is accepted even when late: residuals are additive,
 * so a late one still counts. Older than the window is too late: a keyframe has repaired that gap.
 */
final class ReplayWindow {

    static final int SIZE = 4096;

    private final BitSet seen = new BitSet(SIZE);
    private long highest = -1;

    /** Marks {@code seq} as seen; false when it was seen before or is older than the window. */
    boolean accept(long seq) {
        if (seq > highest) {
            long advance = seq - highest;
            if (advance >= SIZE) {
                seen.clear();
            } else {
                for (long s = highest + 1; s < seq; s++) {
                    seen.clear(slot(s));
                }
            }
            highest = seq;
            seen.set(slot(seq));
            return true;
        }
        if (highest - seq >= SIZE || seen.get(slot(seq))) {
            return false;
        }
        seen.set(slot(seq));
        return true;
    }

    private static int slot(long seq) {
        return (int) (seq % SIZE);
    }
}
