package org.malcomedge.agent.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.malcomedge.agent.InputException;

/**
 * A model's architecture on {@code inputs} features and {@code classes} classes, with softmax
 * cross-entropy on the logits. {@code mlp:H1[,H2...]}: Dense layers inputs -> H1 -> ... -> classes
 * with ReLU between them. {@code cnn:...} ({@link CnnSyntax}, device-agent/README.md): feature
 * stages (Conv + ReLU, pooling) on the features seen as [C, H, W] maps, flattened into such a Dense
 * head. The flat parameter vector theta (DESIGN.md section 2) holds the Conv stages in order, each
 * as its kernel W [out, in, k, k] row-major (ONNX's layout) then its bias b [out], then the Dense
 * layers, each as its weight matrix W [in, out] row-major (so a layer computes x W + b) followed by
 * its bias b [out].
 */
public final class ModelSpec {

    /** One Dense layer and where its parameters sit in theta. */
    public record Layer(int in, int out, int weightOffset, int biasOffset, boolean relu) {
        public int weights() {
            return in * out;
        }
    }

    /**
     * One feature stage of a CNN on [in, height, width] maps: a square Conv (followed by ReLU) or
     * pooling window of size kernel, stride and pad on every side, or a global average pool; and
     * where a Conv's parameters sit in theta.
     */
    public record Stage(Kind kind, int in, int out, int height, int width, int kernel, int stride, int pad, int weightOffset) {

        public enum Kind { CONV, MAX_POOL, AVERAGE_POOL, GLOBAL_AVERAGE_POOL }

        /** A windowed stage, checked to fit its input maps. */
        static Stage window(String spec, String token, Kind kind, int in, int out, int height, int width, int kernel, int stride,
                int pad, int weightOffset) {
            if (Math.min(height, width) + 2 * pad < kernel) {
                throw new InputException("model '" + spec + "': layer '" + token + "' needs maps of at least " + kernel + "x" + kernel
                        + " (with its padding), gets " + height + "x" + width);
            }
            return new Stage(kind, in, out, height, width, kernel, stride, pad, weightOffset);
        }

        public int outHeight() {
            return kind == Kind.GLOBAL_AVERAGE_POOL ? 1 : (height + 2 * pad - kernel) / stride + 1;
        }

        public int outWidth() {
            return kind == Kind.GLOBAL_AVERAGE_POOL ? 1 : (width + 2 * pad - kernel) / stride + 1;
        }

        /** Length of a Conv's kernel in theta (0 for pooling). */
        public int weights() {
            return kind == Kind.CONV ? out * in * kernel * kernel : 0;
        }

        public int biasOffset() {
            return weightOffset + weights();
        }

        /** Length of the stage's parameters in theta. */
        public int parameters() {
            return kind == Kind.CONV ? weights() + out : 0;
        }
    }

    private final String text;
    private final int inputs;
    private final int classes;
    /** A CNN's input maps [C, H, W]; empty for an MLP. */
    private final int[] image;
    private final List<Stage> stages;
    private final List<Layer> layers;
    private final int dimension;

    private ModelSpec(String text, int inputs, int classes, int[] hidden) {
        this(text, inputs, classes, new int[0], List.of(), hidden);
    }

    private ModelSpec(String text, int inputs, int classes, int[] image, List<Stage> stages, int[] hidden) {
        this.text = text;
        this.inputs = inputs;
        this.classes = classes;
        this.image = image.clone();
        this.stages = List.copyOf(stages);
        List<Layer> list = new ArrayList<>();
        int offset = stages.stream().mapToInt(Stage::parameters).sum();
        int in = stages.isEmpty() ? inputs : flattened(stages.get(stages.size() - 1));
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
        if (trimmed.startsWith("cnn:")) {
            return cnn(spec, trimmed, inputs, classes);
        }
        if (!trimmed.equals("mlp") && !trimmed.startsWith("mlp:")) {
            throw new InputException("model '" + spec + "': expected mlp:H1[,H2...] (e.g. mlp:32) or cnn:... (e.g. cnn:lenet5)");
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
        checkDimension(spec, dimension);
        return new ModelSpec("mlp:" + sizes.strip(), inputs, classes, hidden);
    }

    private static void checkDimension(String spec, long dimension) {
        if (dimension > Integer.MAX_VALUE - 8) {
            throw new InputException("model " + spec + ": " + dimension + " parameters do not fit one array");
        }
    }

    private static ModelSpec cnn(String spec, String trimmed, int inputs, int classes) {
        CnnSyntax.Parsed parsed = CnnSyntax.parse(spec, trimmed.substring(4), inputs);
        long dimension = parsed.stages().stream().mapToLong(Stage::parameters).sum();
        long in = parsed.stages().isEmpty() ? inputs : flattened(parsed.stages().get(parsed.stages().size() - 1));
        for (int h : parsed.hidden()) {
            dimension += in * h + h;
            in = h;
        }
        checkDimension(spec, dimension + in * classes + classes);
        return new ModelSpec(trimmed, inputs, classes, new int[] {parsed.channels(), parsed.height(), parsed.width()},
                parsed.stages(), parsed.hidden());
    }

    private static int flattened(Stage last) {
        return last.out() * last.outHeight() * last.outWidth();
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
        java.util.stream.IntStream convolutions = stages.stream().filter(s -> s.kind() == Stage.Kind.CONV)
                .flatMapToInt(s -> java.util.stream.IntStream.of(s.weights(), s.out()));
        return java.util.stream.IntStream.concat(convolutions,
                layers.stream().flatMapToInt(layer -> java.util.stream.IntStream.of(layer.weights(), layer.out()))).toArray();
    }

    /** The Dense layers: all of an MLP, a CNN's head after its feature stages. */
    public List<Layer> layers() {
        return layers;
    }

    /** A CNN's feature stages, in order; empty for an MLP. */
    public List<Stage> stages() {
        return stages;
    }

    /** Whether this is a CNN (feature stages on [C, H, W] maps), not an MLP. */
    public boolean isCnn() {
        return image.length > 0;
    }

    /** A CNN's input maps [C, H, W] (the features, row-major). */
    public int[] image() {
        if (!isCnn()) {
            throw new IllegalStateException(text + " is not a CNN");
        }
        return image.clone();
    }

    /** Multiply-adds of one forward pass per sample. */
    public long macsPerSample() {
        long convolutions = stages.stream().mapToLong(s -> (long) s.weights() * s.outHeight() * s.outWidth()).sum();
        return convolutions + layers.stream().mapToLong(Layer::weights).sum();
    }

    /**
     * A deterministic initial theta: He-normal weights (std sqrt(2 / fan_in)) for ReLU layers
     * (Conv: fan_in = in k^2), Glorot-uniform (limit sqrt(6 / (in + out))) for the output layer,
     * zero biases.
     */
    public float[] initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] theta = new float[dimension];
        for (Stage stage : stages) {
            double std = Math.sqrt(2.0 / (stage.in() * stage.kernel() * stage.kernel()));
            for (int k = 0; k < stage.weights(); k++) {
                theta[stage.weightOffset() + k] = (float) (std * random.nextGaussian());
            }
        }
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
