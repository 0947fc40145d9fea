package org.malcomedge.agent.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.malcomedge.agent.InputException;

/**
 * A model's architecture: {@code mlp:H1[,H2...]} on {@code inputs} features and {@code classes}
 * classes, i.e. Dense layers inputs -> H1 -> ... -> classes with ReLU between them and softmax
 * cross-entropy on the logits. The flat parameter vector theta (DESIGN.md section 2) holds the
 * layers in order, each as its weight matrix W [in, out] row-major (so a layer computes x W + b)
 * followed by its bias b [out].
 */
public final class ModelSpec {

    /** One Dense layer and where its parameters sit in theta. */
    public record Layer(int in, int out, int weightOffset, int biasOffset, boolean relu) {
        public int weights() {
            return in * out;
        }
    }

    private final String text;
    private final int inputs;
    private final int classes;
    private final List<Layer> layers;
    private final int dimension;

    private ModelSpec(String text, int inputs, int classes, int[] hidden) {
        this.text = text;
        this.inputs = inputs;
        this.classes = classes;
        List<Layer> list = new ArrayList<>();
        int offset = 0;
        int in = inputs;
        for (int i = 0; i <= hidden.length; i++) {
            int out = i < hidden.length ? hidden[i] : classes;
            list.add(new Layer(in, out, offset, offset + in * out, i < hidden.length));
            offset += in * out + out;
            in = out;
        }
        this.layers = List.copyOf(list);
        this.dimension = offset;
    }

    /**
     * Parses {@code mlp:H1[,H2...]} (or {@code mlp:} / {@code mlp} for softmax regression).
     *
     * @throws InputException naming the bad part of the spec
     */
    public static ModelSpec parse(String spec, int inputs, int classes) {
        if (inputs < 1 || classes < 2) {
            throw new InputException("model " + spec + ": needs at least 1 input and 2 classes, got " + inputs + " and " + classes);
        }
        String trimmed = spec.strip();
        if (!trimmed.equals("mlp") && !trimmed.startsWith("mlp:")) {
            throw new InputException("model '" + spec + "': expected mlp:H1[,H2...], e.g. mlp:32");
        }
        String sizes = trimmed.length() > 4 ? trimmed.substring(4) : "";
        int[] hidden = sizes.isBlank() ? new int[0] : Arrays.stream(sizes.split(",", -1)).mapToInt(s -> width(spec, s)).toArray();
        long dimension = 0;
        long in = inputs;
        for (int h : hidden) {
            dimension += in * h + h;
            in = h;
        }
        dimension += in * classes + classes;
        if (dimension > Integer.MAX_VALUE - 8) {
            throw new InputException("model " + spec + ": " + dimension + " parameters do not fit one array");
        }
        return new ModelSpec("mlp:" + sizes.strip(), inputs, classes, hidden);
    }

    private static int width(String spec, String part) {
        try {
            int h = Integer.parseInt(part.strip());
            if (h >= 1) {
                return h;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InputException("model '" + spec + "': layer width '" + part.strip() + "' is not a positive integer");
    }

    public int inputs() {
        return inputs;
    }

    public int classes() {
        return classes;
    }

    /** Length d of theta. */
    public int dimension() {
        return dimension;
    }

    /**
     * The lengths of the parameter tensors in theta, in order: each layer's weight matrix, then its
     * bias (the segments a per-tensor quantizer scales separately).
     */
    public int[] tensorLengths() {
        return layers.stream().flatMapToInt(layer -> java.util.stream.IntStream.of(layer.weights(), layer.out())).toArray();
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Multiply-adds of one forward pass per sample. */
    public long macsPerSample() {
        return layers.stream().mapToLong(Layer::weights).sum();
    }

    /**
     * A deterministic initial theta: He-normal weights (std sqrt(2 / in)) for ReLU layers,
     * Glorot-uniform (limit sqrt(6 / (in + out))) for the output layer, zero biases.
     */
    public float[] initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] theta = new float[dimension];
        for (Layer layer : layers) {
            double std = Math.sqrt(2.0 / layer.in());
            double limit = Math.sqrt(6.0 / (layer.in() + layer.out()));
            for (int k = 0; k < layer.weights(); k++) {
                theta[layer.weightOffset() + k] = (float) (layer.relu()
                        ? std * random.nextGaussian()
                        : random.nextDouble(-limit, limit));
            }
        }
        return theta;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && m.text.equals(text) && m.inputs == inputs && m.classes == classes;
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 31 * 31 + inputs * 31 + classes;
    }

    /** For example {@code mlp:32 (64 -> 10, d=2410)}. */
    @Override
    public String toString() {
        return text + " (" + inputs + " -> " + classes + ", d=" + dimension + ")";
    }

    /** The spec as written, e.g. {@code mlp:32}. */
    public String spec() {
        return text;
    }
}
