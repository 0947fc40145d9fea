package org.malcomedge.agent.codec;

import java.util.Arrays;

/**
 * Our second entropy coder (DESIGN.md 3.2, FORMAT.md "range"): the histogram of the levels in the
 * header, frequencies normalized to a power-of-two total, then every level coded with byte-wise
 * rANS (32-bit state, L = 2^23). With the exact empirical histogram the rate sits on
 * {@code d * H_emp(z)} up to the normalization and a 4-byte final state. A frame whose levels are
 * all equal (for instance all zero) carries no rANS bytes at all.
 */
final class RangeCoder extends LevelCoder {

    static final long LOWER_BOUND = 1L << 23;

    RangeCoder() {
        super(FrameHeader.RANGE, "range");
    }

    /** log2 of the frequency total: about 2d, kept within 2^12 (>= 8 x the largest alphabet) .. 2^16. */
    static int scaleBits(int dimension) {
        return Math.min(16, Math.max(12, Codes.indexWidth(dimension) + 1));
    }

    @Override
    int expectedBytes(Levels levels) {
        return levels.dimension() / 16 + 64;
    }

    @Override
    void encodeBody(Levels levels, BitWriter out) {
        Histogram histogram = Histogram.of(levels);
        histogram.write(out);
        int[] z = levels.z();
        Alphabet alphabet = Alphabet.of(histogram, z.length);
        if (alphabet.size() == 1) {
            return;
        }
        int k = scaleBits(z.length);
        int[] freq = alphabet.normalizedFrequencies(k);
        int symbols = freq.length;
        // per-symbol encoder constants (reciprocal division, after ryg_rans)
        long[] xMax = new long[symbols];
        long[] reciprocal = new long[symbols];
        int[] shift = new int[symbols];
        long[] bias = new long[symbols];
        long[] complement = new long[symbols];
        long cumulative = 0;
        for (int t = 0; t < symbols; t++) {
            long f = freq[t];
            xMax[t] = ((LOWER_BOUND >>> k) << 8) * f;
            complement[t] = (1L << k) - f;
            if (f < 2) {
                reciprocal[t] = 0xFFFF_FFFFL;
                shift[t] = 32;
                bias[t] = cumulative + (1L << k) - 1;
            } else {
                int bits = Codes.bitLength(f - 1);
                reciprocal[t] = ((1L << (bits + 31)) + f - 1) / f;
                shift[t] = 32 + bits - 1;
                bias[t] = cumulative;
            }
            cumulative += f;
        }
        int s = levels.s();
        int[] symbolOf = alphabet.indexByValue(s);
        byte[] buffer = new byte[Math.max(64, z.length / 8)];
        int head = buffer.length;
        long x = LOWER_BOUND;
        // The zero level (symbol 0 when present) takes a path with its constants in registers.
        boolean zeroPresent = alphabet.values[0] == 0;
        long zeroLimit = zeroPresent ? xMax[0] : 0;
        long zeroReciprocal = reciprocal[0];
        int zeroShift = shift[0];
        long zeroBias = bias[0];
        long zeroComplement = complement[0];
        for (int i = z.length - 1; i >= 0; i--) {
            int level = z[i];
            if (level == 0 && zeroPresent && x < zeroLimit) {
                x = x + zeroBias + ((x * zeroReciprocal) >>> zeroShift) * zeroComplement;
                continue;
            }
            int t = symbolOf[level + s];
            long limit = xMax[t];
            while (x >= limit) {
                if (head == 0) {
                    byte[] larger = new byte[buffer.length * 2];
                    System.arraycopy(buffer, 0, larger, buffer.length, buffer.length);
                    head = buffer.length;
                    buffer = larger;
                }
                buffer[--head] = (byte) x;
                x >>>= 8;
            }
            long q = (x * reciprocal[t]) >>> shift[t];
            x = x + bias[t] + q * complement[t];
        }
        out.alignToByte();
        out.write(x, 32);
        out.writeBytes(buffer, head, buffer.length - head);
    }

    @Override
    void decodeBody(BitReader in, int s, int[] z) throws CorruptFrameException {
        int d = z.length;
        Histogram histogram = Histogram.read(in, s, d);
        Alphabet alphabet = Alphabet.of(histogram, d);
        if (alphabet.size() == 1) {
            in.finish();
            Arrays.fill(z, alphabet.values[0]);
            return;
        }
        int k = scaleBits(d);
        int[] freq = alphabet.normalizedFrequencies(k);
        int mask = (1 << k) - 1;
        // slot -> frequency | (slot - cumulative) << 16 | (level + 256) << 32
        long[] slots = new long[1 << k];
        int cumulative = 0;
        for (int t = 0; t < freq.length; t++) {
            long level = alphabet.values[t] + 256L;
            for (int slot = cumulative; slot < cumulative + freq[t]; slot++) {
                slots[slot] = freq[t] | (long) (slot - cumulative) << 16 | level << 32;
            }
            cumulative += freq[t];
        }
        in.alignToByte();
        long x = in.read(32);
        int position = in.bytePosition();
        byte[] bytes = in.bytes();
        if (x < LOWER_BOUND || x >= LOWER_BOUND << 8) {
            throw new CorruptFrameException("rANS state " + x + " outside [2^23, 2^31)");
        }
        int end = bytes.length;
        // The zero level is symbol 0 when present: a branch the predictor gets right on sparse input.
        int zeroFrequency = alphabet.values[0] == 0 ? freq[0] : 0;
        for (int i = 0; i < d; i++) {
            int slot = (int) x & mask;
            if (slot < zeroFrequency) {
                x = zeroFrequency * (x >>> k) + slot;
            } else {
                long entry = slots[slot];
                x = (entry & 0xFFFF) * (x >>> k) + ((entry >>> 16) & 0xFFFF);
                z[i] = (int) (entry >>> 32) - 256;
            }
            while (x < LOWER_BOUND) {
                if (position == end) {
                    throw new CorruptFrameException("rANS stream ends early");
                }
                x = (x << 8) | (bytes[position++] & 0xFF);
            }
        }
        if (x != LOWER_BOUND || position != end) {
            throw new CorruptFrameException("rANS stream does not end in its initial state");
        }
    }

    /** The symbols present, zero first then the fixed order, with their exact counts. */
    static final class Alphabet {
        final int[] values;
        final long[] counts;
        final int dimension;

        private Alphabet(int[] values, long[] counts, int dimension) {
            this.values = values;
            this.counts = counts;
            this.dimension = dimension;
        }

        static Alphabet of(Histogram histogram, int dimension) {
            int present = dimension > histogram.nonzeros ? 1 : 0;
            for (int count : histogram.counts) {
                present += count > 0 ? 1 : 0;
            }
            int[] values = new int[present];
            long[] counts = new long[present];
            int t = 0;
            if (dimension > histogram.nonzeros) {
                counts[t++] = dimension - (long) histogram.nonzeros;
            }
            for (int i = 0; i < histogram.counts.length; i++) {
                if (histogram.counts[i] > 0) {
                    values[t] = Histogram.level(i);
                    counts[t++] = histogram.counts[i];
                }
            }
            return new Alphabet(values, counts, dimension);
        }

        int size() {
            return values.length;
        }

        /** index into this alphabet by {@code level + s} */
        int[] indexByValue(int s) {
            int[] index = new int[2 * s + 1];
            for (int t = 0; t < values.length; t++) {
                index[values[t] + s] = t;
            }
            return index;
        }

        /**
         * FORMAT.md "frequency normalization": f = max(1, floor(n * 2^k / d)); the difference to
         * 2^k goes to the most frequent symbol (first on ties) if that leaves it >= 1, else the
         * largest frequency is decremented one at a time.
         */
        int[] normalizedFrequencies(int k) {
            long total = 1L << k;
            int[] freq = new int[values.length];
            long sum = 0;
            int largest = 0;
            for (int t = 0; t < freq.length; t++) {
                freq[t] = (int) Math.max(1, counts[t] * total / dimension);
                sum += freq[t];
                if (counts[t] > counts[largest]) {
                    largest = t;
                }
            }
            if (freq[largest] + (total - sum) >= 1) {
                freq[largest] += (int) (total - sum);
                return freq;
            }
            while (sum > total) {
                int top = 0;
                for (int t = 1; t < freq.length; t++) {
                    if (freq[t] > freq[top]) {
                        top = t;
                    }
                }
                freq[top]--;
                sum--;
            }
            return freq;
        }
    }
}
