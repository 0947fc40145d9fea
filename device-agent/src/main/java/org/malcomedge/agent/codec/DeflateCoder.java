package org.malcomedge.agent.codec;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** java.util.zip Deflater (zlib format, RFC 1950) over the level bytes; level 9 unless given. */
final class DeflateCoder extends ByteLevelCoder {

    static final int DEFAULT_LEVEL = 9;

    private final int level;

    DeflateCoder(int level) {
        super(FrameHeader.DEFLATE, level == DEFAULT_LEVEL ? "deflate" : "deflate:" + level);
        this.level = level;
    }

    @Override
    byte[] compress(byte[] raw) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream packed = new ByteArrayOutputStream(raw.length / 8 + 64);
            byte[] chunk = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                packed.write(chunk, 0, n);
            }
            return packed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    @Override
    void decompress(byte[] packed, byte[] raw) throws CorruptFrameException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(packed);
            int filled = 0;
            while (filled < raw.length) {
                int n = inflater.inflate(raw, filled, raw.length - filled);
                if (n == 0) {
                    throw new CorruptFrameException("deflate stream ends after " + filled + " of " + raw.length + " bytes");
                }
                filled += n;
            }
            if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                throw new CorruptFrameException("deflate stream longer than " + raw.length + " bytes");
            }
            if (!inflater.finished() || inflater.getRemaining() != 0) {
                throw new CorruptFrameException("deflate stream not properly terminated");
            }
        } catch (DataFormatException e) {
            throw new CorruptFrameException("malformed deflate stream: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
