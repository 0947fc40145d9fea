package org.malcomedge.agent.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Code words and lengths against the hand-computed tables of FORMAT.md section 3. */
class CodesTest {

    /**
     * A unary run of every length, at every bit offset, is read back with the field after it: a run
     * of 63 ones ending a full 64-bit window once left its bits in the reader (a shift by 64 is a
     * shift by 0 in Java) and a valid vsc frame of an MNIST residual decoded as corrupt.
     */
    @org.junit.jupiter.api.Test
    void unaryRunsOfAnyLengthAtAnyOffsetLeaveTheNextFieldIntact() throws Exception {
        for (int offset = 0; offset < 64; offset++) {
            for (int run = 0; run <= 140; run++) {
                BitWriter out = new BitWriter(64);
                out.write(0, offset);
                out.writeOnes(run);
                out.write(0, 1);
                out.write(0b1011_0110_1, 9);
                BitReader in = new BitReader(out.toByteArray(), 0);
                in.read(offset);
                assertEquals(run, in.readUnary(1000), "offset " + offset);
                assertEquals(0b1011_0110_1, in.read(9), "the field after a run of " + run + " at offset " + offset);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,0", "2,100", "3,110", "4,101000", "7,101110", "8,1110000", "16,10100100000",
        "100,1011011001000", "2147483647,101001111011111111111111111111111111111110"})
    void eliasOmega(long n, String bits) throws Exception {
        BitWriter out = new BitWriter(8);
        Codes.writeOmega(out, n);
        assertEquals(bits, bitString(out));
        assertEquals(bits.length(), Codes.omegaLength(n));
        assertEquals(n, Codes.readOmega(reader(out), Codes.OMEGA_MAX));
    }

    @ParameterizedTest
    @CsvSource({"0,3,00", "1,3,010", "2,3,011", "3,3,100", "4,3,1010", "7,3,11010",
        "0,5,000", "2,5,010", "3,5,0110", "4,5,0111", "9,5,10111", "0,1,0", "3,1,1110", "5,8,0101"})
    void golombWithTruncatedBinaryRemainder(long n, long m, String bits) throws Exception {
        GolombCode code = new GolombCode(m);
        BitWriter out = new BitWriter(8);
        code.write(out, n);
        assertEquals(bits, bitString(out));
        assertEquals(n, code.read(reader(out), 1000));
    }

    @ParameterizedTest
    @CsvSource({"1,10,7", "2,10,3", "1,8,5", "1,7,5", "1,2,1", "1,100,69", "5,5,1", "1,1,1", "3,4,1", "1,3,2"})
    void gallagerVanVoorhisParameter(long count, long remaining, long m) {
        assertEquals(m, Codes.golombParameter(count, remaining));
    }

    @ParameterizedTest
    @CsvSource({"1,0", "2,1", "3,2", "4,2", "5,3", "1024,10", "1025,11"})
    void indexWidthIsCeilLog2(int n, int width) {
        assertEquals(width, Codes.indexWidth(n));
    }

    private static String bitString(BitWriter out) {
        long bits = out.bitLength();
        byte[] bytes = out.toByteArray();
        StringBuilder text = new StringBuilder();
        for (long i = 0; i < bits; i++) {
            text.append((bytes[(int) (i / 8)] >> (7 - i % 8)) & 1);
        }
        return text.toString();
    }

    private static BitReader reader(BitWriter out) {
        return new BitReader(out.toByteArray(), 0);
    }
}
