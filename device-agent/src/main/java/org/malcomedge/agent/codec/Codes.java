package org.malcomedge.agent.codec;

/** The variable-length integer codes of FORMAT.md: Elias omega, truncated binary, Golomb. */
final class Codes {

    /** Largest value an Elias-omega field may carry (counts, gaps and levels all fit in an int). */
    static final long OMEGA_MAX = Integer.MAX_VALUE;

    private Codes() {
    }

    /** Number of bits of {@code value} without leading zeros ({@code bitLength(0) == 0}). */
    static int bitLength(long value) {
        return 64 - Long.numberOfLeadingZeros(value);
    }

    /** {@code ceil(log2 n)} for n >= 1: the width of an index into n positions. */
    static int indexWidth(int n) {
        return bitLength(n - 1L);
    }

    // ---- Elias omega (n >= 1) ----

    /** Writes Elias-omega of {@code n >= 1}: groups [binary of n], [binary of len-1], ... then a 0. */
    static void writeOmega(BitWriter out, long n) {
        long code = 0;
        int length = 1; // the terminating 0
        while (n > 1) {
            int bits = bitLength(n);
            code |= n << length;
            length += bits;
            n = bits - 1;
        }
        out.writeLong(code, length);
    }

    static int omegaLength(long n) {
        int length = 1;
        while (n > 1) {
            int bits = bitLength(n);
            length += bits;
            n = bits - 1;
        }
        return length;
    }

    /** Reads an Elias-omega value, rejecting values above {@code max} (<= OMEGA_MAX). */
    static long readOmega(BitReader in, long max) throws CorruptFrameException {
        long n = 1;
        while (in.readBit()) {
            if (n > 30) {
                throw new CorruptFrameException("Elias-omega value beyond " + OMEGA_MAX);
            }
            n = (1L << n) | in.read((int) n);
        }
        if (n > max) {
            throw new CorruptFrameException("Elias-omega value " + n + " exceeds " + max);
        }
        return n;
    }

    /**
     * Gallager-Van Voorhis parameter for a geometric source that continues with probability
     * {@code p = 1 - count/remaining}: the smallest m >= 1 with {@code p^m + p^(m+1) <= 1}.
     */
    static long golombParameter(long count, long remaining) {
        if (count >= remaining) {
            return 1;
        }
        double p = (double) (remaining - count) / remaining;
        double estimate = Math.ceil(Math.log1p(p) / -Math.log(p));
        long m = Math.max(1, (long) estimate);
        // The real-valued ratio is never an integer for rational p (FORMAT.md); settle rounding at the edge exactly.
        while (m > 1 && Math.pow(p, m - 1) * (1 + p) <= 1) {
            m--;
        }
        while (Math.pow(p, m) * (1 + p) > 1) {
            m++;
        }
        return m;
    }
}
