package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/**
 * A residual compressor C (DESIGN.md section 3): sparsifier + quantizer + coder, named by a spec
 * string such as {@code qsgd:2+vsc}. The sender applies {@code decompress(compress(v))} to its own
 * estimate, exactly as its neighbours do, so both sides hold the same {@code xhat}.
 *
 * <p>Implementations are stateless apart from their configuration and safe to share between nodes;
 * all randomness (dither, rand-k) comes from the caller's generator, so runs are deterministic by seed.
 */
public interface Compressor {

    /** The canonical spec string ({@code SPARSIFIER+QUANTIZER+CODER}, DESIGN.md 3.4). */
    String spec();

    /**
     * This compressor for vectors laid out as {@code layout}: a quantizer with a scale takes one per
     * tensor (DESIGN.md 3.1, per layer). Without a layout the whole vector is one tensor. Frames name
     * their segments (FORMAT.md), so a receiver decodes them without knowing the layout. A compressor
     * without scales (dense, top-k of float32 values) is the same for every layout.
     */
    default Compressor forLayout(TensorLayout layout) {
        return this;
    }

    /**
     * Compresses {@code vector} into a payload in this compressor's published format (FORMAT.md).
     *
     * @throws IllegalArgumentException if the vector holds NaN or an infinity, or does not fit the layout
     */
    byte[] compress(float[] vector, RandomGenerator random);

    /**
     * Decodes a payload into a vector of exactly {@code dimension} entries. Total: any byte string
     * either decodes or throws {@link CorruptFrameException}; never allocates beyond what
     * {@code dimension} allows.
     */
    float[] decompress(byte[] payload, int dimension) throws CorruptFrameException;

    /**
     * What a receiver decodes of this compressor's own {@code payload} (a sender applies it to its
     * own estimate). Cannot fail: if it does, the codec has a bug, an IllegalStateException.
     */
    default float[] decompressOwn(byte[] payload, int dimension) {
        try {
            return decompress(payload, dimension);
        } catch (CorruptFrameException e) {
            throw new IllegalStateException("compressor " + spec() + " cannot decode its own output", e);
        }
    }
}
