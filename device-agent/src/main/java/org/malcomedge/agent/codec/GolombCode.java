package org.malcomedge.agent.codec;

/** Golomb code with a fixed parameter m, its truncated-binary constants computed once (FORMAT.md). */
final class GolombCode {

    private final long m;
    /** ceil(log2 m) */
    private final int width;
    /** remainders below this take width-1 bits */
    private final long shortCount;

    GolombCode(long m) {
        this.m = m;
        this.width = Codes.bitLength(m - 1);
        this.shortCount = (1L << width) - m;
    }

    void write(BitWriter out, long n) {
        long q = n / m;
        long r = n - q * m;
        long remainder;
        int remainderBits;
        if (r < shortCount) {
            remainder = r;
            remainderBits = width - 1;
        } else {
            remainder = r + shortCount;
            remainderBits = width;
        }
        if (q + 1 + remainderBits <= 32) {
            // q ones, a zero, the remainder: one write
            out.write((((1L << q) - 1) << (remainderBits + 1)) | remainder, (int) q + 1 + remainderBits);
        } else {
            out.writeOnes(q);
            out.write(0, 1);
            out.write(remainder, remainderBits);
        }
    }

    long read(BitReader in, long max) throws CorruptFrameException {
        long q = in.readUnary(max / m);
        long r;
        if (width == 0) {
            r = 0;
        } else {
            r = in.read(width - 1);
            if (r >= shortCount) {
                r = ((r << 1) | in.read(1)) - shortCount;
            }
        }
        long n = q * m + r;
        if (n > max) {
            throw new CorruptFrameException("Golomb value " + n + " exceeds " + max);
        }
        return n;
    }
}
