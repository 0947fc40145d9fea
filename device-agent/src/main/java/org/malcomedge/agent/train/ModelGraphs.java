package org.malcomedge.agent.train;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.train.graph.Graph;
import org.malcomedge.agent.train.graph.TrainStepCompiler;

/**
 * The ONNX graphs of a model (MLP or CNN): the forward pass with parameters unpacked from theta
 * (Slice and Reshape, so the compiler differentiates the unpacking too), the train step compiled
 * from it, the eval graph (logits) and the deployable inference graph with theta baked in.
 */
final class ModelGraphs {

    static final String THETA = "theta";
    static final String X = "x";
    static final String Y = "y";
    static final String LOGITS = "logits";

    private static final TrainStepCompiler COMPILER = TrainStepCompiler.standard();

    /** Where the forward pass gets a parameter tensor of theta from. */
    private interface Parameters {
        /** The tensor at {@code offset} of theta, of this shape; {@code name} for an initializer. */
        String tensor(String name, int offset, long... shape);
    }

    private ModelGraphs() {
    }

    /** theta [d], x [B, n_in], y [B] int32 -> loss []: the forward graph the train step differentiates. */
    static Graph loss(ModelSpec spec) {
        Graph g = new Graph();
        String logits = forward(g, spec, unpacked(g, spec), features(g, spec));
        g.opNamed(TrainStepCompiler.LOSS, "SoftmaxCrossEntropyLoss", Map.of("reduction", "mean"), Graph.Type.FLOAT,
                new long[0], logits, g.input(Y, Graph.Type.INT32, Graph.DYNAMIC));
        return g;
    }

    /** theta [d], x [B, n_in], y [B] int32 -> loss [], grad [d]. */
    static Graph trainStep(ModelSpec spec) {
        return COMPILER.compile(loss(spec), THETA);
    }

    /** theta [d], x [B, n_in] -> logits [B, C]. */
    static Graph eval(ModelSpec spec) {
        Graph g = new Graph();
        g.output(forward(g, spec, unpacked(g, spec), features(g, spec)));
        return g;
    }

    /**
     * x [B, n_in] -> logits [B, C], with each layer's parameters as initializers (W0, b0, W1, ... in
     * theta's order); with a standardization, {@code (x - mean) / scale} in front (Sub and Div, as
     * the trainer's data saw it).
     */
    static Graph inference(ModelSpec spec, float[] theta, Optional<Standardization> scaling) {
        Graph g = new Graph();
        String x = features(g, spec);
        if (scaling.isPresent()) {
            Standardization s = scaling.get();
            long[] shape = {Graph.DYNAMIC, spec.inputs()};
            String centred = g.op("Sub", Map.of(), Graph.Type.FLOAT, shape, x, g.constant("mean", s.mean(), spec.inputs()));
            x = g.op("Div", Map.of(), Graph.Type.FLOAT, shape, centred, g.constant("scale", s.scale(), spec.inputs()));
        }
        g.output(forward(g, spec, (name, offset, shape) -> g.constant(name, slice(theta, offset, count(shape)), shape), x));
        return g;
    }

    private static int count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    private static float[] slice(float[] theta, int offset, int length) {
        return java.util.Arrays.copyOfRange(theta, offset, offset + length);
    }

    private static Parameters unpacked(Graph g, ModelSpec spec) {
        String theta = g.input(THETA, Graph.Type.FLOAT, spec.dimension());
        return (name, offset, shape) -> {
            int length = count(shape);
            String flat = g.op("Slice", Map.of(), Graph.Type.FLOAT, new long[] {length}, theta,
                    g.int64s(offset), g.int64s(offset + length), g.int64s(0));
            return shape.length == 1 ? flat : g.op("Reshape", Map.of(), Graph.Type.FLOAT, shape, flat, g.int64s(shape));
        };
    }

    /** The graph's input x [B, n_in]. */
    private static String features(Graph g, ModelSpec spec) {
        return g.input(X, Graph.Type.FLOAT, Graph.DYNAMIC, spec.inputs());
    }

    private static String forward(Graph g, ModelSpec spec, Parameters parameters, String x) {
        String h = x;
        int tensor = 0;
        if (spec.isCnn()) {
            int[] image = spec.image();
            h = g.op("Reshape", Map.of(), Graph.Type.FLOAT, new long[] {Graph.DYNAMIC, image[0], image[1], image[2]}, h,
                    g.int64s(-1, image[0], image[1], image[2]));
            for (ModelSpec.Stage stage : spec.stages()) {
                h = stage(g, stage, parameters, h, tensor);
                tensor += stage.kind() == ModelSpec.Stage.Kind.CONV ? 1 : 0;
            }
            ModelSpec.Stage last = spec.stages().get(spec.stages().size() - 1);
            h = g.op("Flatten", Map.of(), Graph.Type.FLOAT, new long[] {Graph.DYNAMIC, (long) last.out() * last.outHeight() * last.outWidth()}, h);
        }
        int last = spec.layers().size() - 1;
        for (int i = 0; i <= last; i++) {
            ModelSpec.Layer layer = spec.layers().get(i);
            long[] shape = {Graph.DYNAMIC, layer.out()};
            String w = parameters.tensor("W" + tensor, layer.weightOffset(), layer.in(), layer.out());
            String b = parameters.tensor("b" + tensor, layer.biasOffset(), layer.out());
            tensor++;
            h = i == last
                    ? g.opNamed(LOGITS, "Gemm", Map.of(), Graph.Type.FLOAT, shape, h, w, b)
                    : g.op("Relu", Map.of(), Graph.Type.FLOAT, shape, g.op("Gemm", Map.of(), Graph.Type.FLOAT, shape, h, w, b));
        }
        return h;
    }

    /** One feature stage on [B, C, H, W]: Conv + Relu, MaxPool, AveragePool or GlobalAveragePool. */
    private static String stage(Graph g, ModelSpec.Stage stage, Parameters parameters, String h, int tensor) {
        long[] shape = {Graph.DYNAMIC, stage.out(), stage.outHeight(), stage.outWidth()};
        Map<String, Object> window = new HashMap<>();
        window.put("strides", new long[] {stage.stride(), stage.stride()});
        window.put("pads", new long[] {stage.pad(), stage.pad(), stage.pad(), stage.pad()});
        switch (stage.kind()) {
            case CONV -> {
                String w = parameters.tensor("W" + tensor, stage.weightOffset(), stage.out(), stage.in(), stage.kernel(), stage.kernel());
                String b = parameters.tensor("b" + tensor, stage.biasOffset(), stage.out());
                return g.op("Relu", Map.of(), Graph.Type.FLOAT, shape, g.op("Conv", window, Graph.Type.FLOAT, shape, h, w, b));
            }
            case MAX_POOL, AVERAGE_POOL -> {
                window.put("kernel_shape", new long[] {stage.kernel(), stage.kernel()});
                return g.op(stage.kind() == ModelSpec.Stage.Kind.MAX_POOL ? "MaxPool" : "AveragePool", window, Graph.Type.FLOAT, shape, h);
            }
            default -> {
                return g.op("GlobalAveragePool", Map.of(), Graph.Type.FLOAT, shape, h);
            }
        }
    }
}
