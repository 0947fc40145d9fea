package org.malcomedge.agent.codec;

/**
 * Counts of the nonzero levels in the fixed symbol order of FORMAT.md: 1, -1, 2, -2, ..., so that
 * order index {@code 2(|a|-1)} is a positive level and {@code 2(|a|-1)+1} its negative. Written as
 * Elias-omega of {@code maxAbs+1} then of {@code n_a+1} for each of the {@code 2 maxAbs} symbols
 * (DESIGN.md 3.2 step 2); the zero count is implied by the dimension.
 */
final class Histogram {

    final int maxAbs;
    /** counts[orderIndex] for orderIndex in 0 .. 2*maxAbs-1. */
    final int[] counts;
    final int nonzeros;

    private Histogram(int maxAbs, int[] counts, int nonzeros) {
        this.maxAbs = maxAbs;
        this.counts = counts;
        this.nonzeros = nonzeros;
    }

    static int orderIndex(int level) {
        return level > 0 ? 2 * level - 2 : -2 * level - 1;
    }

    static int level(int orderIndex) {
        int magnitude = (orderIndex >> 1) + 1;
        return (orderIndex & 1) == 0 ? magnitude : -magnitude;
    }

    /** Counts the levels; IllegalArgumentException when one is outside -s..s. */
    static Histogram of(Levels levels) {
        int s = levels.s();
        int[] z = levels.z();
        int[] byValue = new int[2 * s + 1];
        for (int k = 0; k < z.length; k++) {
            int v = z[k];
            if (v > s || v < -s) {
                throw new IllegalArgumentException("level z[" + k + "] = " + v + " is outside -" + s + ".." + s);
            }
            byValue[v + s]++;
        }
        int maxAbs = 0;
        for (int a = 1; a <= s; a++) {
            if (byValue[s + a] + byValue[s - a] > 0) {
                maxAbs = a;
            }
        }
        int[] counts = new int[2 * maxAbs];
        int nonzeros = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = byValue[s + level(i)];
            nonzeros += counts[i];
        }
        return new Histogram(maxAbs, counts, nonzeros);
    }

    void write(BitWriter out) {
        Codes.writeOmega(out, maxAbs + 1L);
        for (int count : counts) {
            Codes.writeOmega(out, count + 1L);
        }
    }

    static Histogram read(BitReader in, int s, int dimension) throws CorruptFrameException {
        int maxAbs = (int) Codes.readOmega(in, s + 1L) - 1;
        int[] counts = new int[2 * maxAbs];
        long nonzeros = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (int) Codes.readOmega(in, dimension + 1L - nonzeros) - 1;
            nonzeros += counts[i];
        }
        if (maxAbs > 0 && counts[counts.length - 1] + counts[counts.length - 2] == 0) {
            throw new CorruptFrameException("largest level " + maxAbs + " has no occurrence");
        }
        return new Histogram(maxAbs, counts, (int) nonzeros);
    }
}
