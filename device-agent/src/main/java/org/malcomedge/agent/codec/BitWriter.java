package org.malcomedge.agent.codec;

import java.util.Arrays;

/**
 * MSB-first bit writer over a 64-bit accumulator (FORMAT.md "Bit order"): the first bit written is
 * the most significant bit of the first byte; the last byte is padded with zero bits.
 */
final class BitWriter {

    private byte[] bytes;
    private int length;
    private long accumulator;
    private int pending;

    BitWriter(int expectedBytes) {
        bytes = new byte[Math.max(16, expectedBytes)];
    }

    /** Writes the low {@code count} bits of {@code value}, most significant first; count in 0..32. */
    void write(long value, int count) {
        accumulator = (accumulator << count) | (value & ((1L << count) - 1));
        pending += count;
        if (pending >= 32) {
            flushWord();
        }
    }

    /** Writes up to 64 bits (Elias-omega codes, unary runs). */
    void writeLong(long value, int count) {
        if (count > 32) {
            write(value >>> 32, count - 32);
            count = 32;
        }
        write(value, count);
    }

    void writeBit(boolean one) {
        write(one ? 1 : 0, 1);
    }

    /** {@code count} one bits. */
    void writeOnes(long count) {
        while (count >= 32) {
            write(0xFFFF_FFFFL, 32);
            count -= 32;
        }
        write((1L << count) - 1, (int) count);
    }

    void writeFloat(float value) {
        write(Float.floatToRawIntBits(value), 32);
    }

    /** Pads the current byte with zero bits. */
    void alignToByte() {
        int partial = pending & 7;
        if (partial != 0) {
            write(0, 8 - partial);
        }
    }

    /** Appends whole bytes; the writer must be byte-aligned. */
    void writeBytes(byte[] source, int offset, int count) {
        alignToByte();
        drain();
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    long bitLength() {
        return 8L * length + pending;
    }

    byte[] toByteArray() {
        alignToByte();
        drain();
        return Arrays.copyOf(bytes, length);
    }

    private void flushWord() {
        ensure(4);
        int shift = pending - 32;
        int word = (int) (accumulator >>> shift);
        bytes[length] = (byte) (word >>> 24);
        bytes[length + 1] = (byte) (word >>> 16);
        bytes[length + 2] = (byte) (word >>> 8);
        bytes[length + 3] = (byte) word;
        length += 4;
        pending = shift;
    }

    private void drain() {
        while (pending >= 8) {
            ensure(1);
            pending -= 8;
            bytes[length++] = (byte) (accumulator >>> pending);
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
