package org.malcomedge.agent.codec;

/**
 * MSB-first bit reader mirroring {@link BitWriter}. Reading past the end, or finishing with
 * non-zero padding or trailing bytes, is a {@link CorruptFrameException}: a frame decodes exactly.
 */
final class BitReader {

    private final byte[] bytes;
    private final int end;
    private int position;
    /** Unread bits, left-aligned: the next bit is bit 63. */
    private long window;
    private int available;

    BitReader(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.end = bytes.length;
        this.position = offset;
    }

    /** Reads {@code count} bits (0..32) as an unsigned value. */
    long read(int count) throws CorruptFrameException {
        if (count == 0) {
            return 0;
        }
        if (available < count) {
            refill();
            if (available < count) {
                throw new CorruptFrameException("frame ends inside a field (needed " + count + " more bits)");
            }
        }
        long value = window >>> (64 - count);
        window <<= count;
        available -= count;
        return value;
    }

    boolean readBit() throws CorruptFrameException {
        return read(1) != 0;
    }

    float readFloat() throws CorruptFrameException {
        return Float.intBitsToFloat((int) read(32));
    }

    /** Counts one bits up to the next zero bit (consumed), failing beyond {@code limit} ones. */
    long readUnary(long limit) throws CorruptFrameException {
        long ones = 0;
        while (true) {
            if (available == 0) {
                refill();
                if (available == 0) {
                    throw new CorruptFrameException("frame ends inside a unary code");
                }
            }
            int run = Long.numberOfLeadingZeros(~window);
            if (run < available) {
                ones += run;
                // two shifts: run + 1 may be 64, which a single Java shift takes as 0 (a run of 63
                // ones ending a full window then left its bits behind and corrupted the next field)
                window = window << run << 1;
                available -= run + 1;
                if (ones > limit) {
                    throw new CorruptFrameException("unary code of " + ones + " exceeds " + limit);
                }
                return ones;
            }
            ones += available;
            window = 0;
            available = 0;
            if (ones > limit) {
                throw new CorruptFrameException("unary code exceeds " + limit);
            }
        }
    }

    /** Drops the padding bits of the current byte; they must be zero. */
    void alignToByte() throws CorruptFrameException {
        int partial = available & 7;
        if (partial != 0 && read(partial) != 0) {
            throw new CorruptFrameException("non-zero padding bits");
        }
    }

    /** Byte offset of the next unread whole byte; the reader must be byte-aligned. */
    int bytePosition() throws CorruptFrameException {
        alignToByte();
        return position - available / 8;
    }

    /** Bits left in the frame (an upper bound on what the rest of it can hold). */
    long remainingBits() {
        return available + 8L * (end - position);
    }

    /** Rejects a count of fields, each at least {@code bitsEach} bits long, that the frame cannot hold. */
    void requireRoom(long fields, long bitsEach, String what) throws CorruptFrameException {
        if (fields * bitsEach > remainingBits()) {
            throw new CorruptFrameException(fields + " " + what + " cannot fit in the " + remainingBits() + " bits left");
        }
    }

    /** The whole frame (for coders that continue byte-wise at {@link #bytePosition()}). */
    byte[] bytes() {
        return bytes;
    }

    /** Checks that only zero padding remains. */
    void finish() throws CorruptFrameException {
        alignToByte();
        if (available != 0 || position != end) {
            throw new CorruptFrameException("trailing bytes after the last field");
        }
    }

    private void refill() {
        while (available <= 56 && position < end) {
            window |= (bytes[position++] & 0xFFL) << (56 - available);
            available += 8;
        }
    }
}
