package org.malcomedge.agent.codec;

import com.github.luben.zstd.Zstd;

/** zstd (zstd-jni, one frame) over the level bytes; level 19 unless given. */
final class ZstdCoder extends ByteLevelCoder {

    static final int DEFAULT_LEVEL = 19;

    private final int level;

    ZstdCoder(int level) {
        super(FrameHeader.ZSTD, level == DEFAULT_LEVEL ? "zstd" : "zstd:" + level);
        this.level = level;
    }

    @Override
    byte[] compress(byte[] raw) {
        return Zstd.compress(raw, level);
    }

    @Override
    void decompress(byte[] packed, byte[] raw) throws CorruptFrameException {
        long size;
        try {
            size = Zstd.decompressByteArray(raw, 0, raw.length, packed, 0, packed.length);
        } catch (RuntimeException e) { // zstd-jni reports malformed input as ZstdException
            throw new CorruptFrameException("malformed zstd frame: " + e.getMessage());
        }
        if (size != raw.length) {
            throw new CorruptFrameException("zstd frame holds " + size + " bytes, expected " + raw.length);
        }
    }
}
