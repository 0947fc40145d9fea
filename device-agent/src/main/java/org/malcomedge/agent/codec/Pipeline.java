package org.malcomedge.agent.codec;

import java.util.Objects;
import java.util.random.RandomGenerator;

/** A compressor as sparsifier + quantizer + coder (DESIGN.md 3.4); stateless and shareable. */
final class Pipeline implements Compressor {

    private final Sparsifier sparsifier;
    private final Quantizer quantizer;
    private final Coder coder;
    /** The tensors of the vectors compressed, null for one tensor of whatever length comes. */
    private final TensorLayout layout;

    Pipeline(Sparsifier sparsifier, Quantizer quantizer, Coder coder) {
        this(sparsifier, quantizer, coder, null);
    }

    private Pipeline(Sparsifier sparsifier, Quantizer quantizer, Coder coder, TensorLayout layout) {
        this.sparsifier = sparsifier;
        this.quantizer = quantizer;
        this.coder = coder;
        this.layout = layout;
    }

    @Override
    public Compressor forLayout(TensorLayout tensors) {
        return new Pipeline(sparsifier, quantizer, coder, Objects.requireNonNull(tensors, "layout"));
    }

    @Override
    public String spec() {
        return sparsifier.spec() + "+" + quantizer.spec() + "+" + coder.spec();
    }

    @Override
    public byte[] compress(float[] vector, RandomGenerator random) {
        return coder.encode(symbols(vector, random));
    }

    /** The symbols {@link #compress} codes (tests, benchmarks). */
    Symbols symbols(float[] vector, RandomGenerator random) {
        if (vector.length == 0) {
            throw new IllegalArgumentException("cannot compress an empty vector");
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new NonFiniteVectorException(i, vector[i]);
            }
        }
        TensorLayout tensors = layout == null ? TensorLayout.whole(vector.length) : layout;
        if (tensors.dimension() != vector.length) {
            throw new IllegalArgumentException("compressor " + spec() + " is laid out for " + tensors.dimension()
                    + " entries, got a vector of " + vector.length);
        }
        return quantizer.quantize(vector, sparsifier.select(vector, random), tensors, random);
    }

    @Override
    public float[] decompress(byte[] payload, int dimension) throws CorruptFrameException {
        if (payload == null) {
            throw new CorruptFrameException("no payload");
        }
        Symbols symbols = coder.decode(payload, dimension);
        if (symbols instanceof Levels levels && levels.s() != quantizer.levels()) {
            throw new CorruptFrameException("frame has s = " + levels.s() + ", " + spec() + " expects " + quantizer.levels());
        }
        return symbols.toVector();
    }

    /** The identity sparsifier {@code none}. */
    static final class KeepAll implements Sparsifier {
        @Override
        public String spec() {
            return "none";
        }

        @Override
        public int[] select(float[] vector, RandomGenerator random) {
            return null;
        }
    }
}
