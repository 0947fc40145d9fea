package org.malcomedge.agent.train;

import java.util.Map;
import java.util.Optional;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.train.graph.Graph;
import org.malcomedge.agent.train.graph.TrainStepCompiler;

/**
 * The ONNX graphs of an MLP: the forward pass with parameters unpacked from theta (Slice and
 * Reshape, so the compiler differentiates the unpacking too), the train step compiled from it, the
 * eval graph (logits) and the deployable inference graph with theta baked in.
 */
final class MlpGraphs {

    static final String THETA = "theta";
    static final String X = "x";
    static final String Y = "y";
    static final String LOGITS = "logits";

    private static final TrainStepCompiler COMPILER = TrainStepCompiler.standard();

    /** Where the forward pass gets a layer's weight and bias from. */
    private interface Parameters {
        String weight(ModelSpec.Layer layer);

        String bias(ModelSpec.Layer layer);
    }

    private MlpGraphs() {
    }

    /** theta [d], x [B, n_in], y [B] int32 -> loss [], grad [d]. */
    static Graph trainStep(ModelSpec spec) {
        Graph g = new Graph();
        String logits = forward(g, spec, unpacked(g, spec), features(g, spec));
        g.opNamed(TrainStepCompiler.LOSS, "SoftmaxCrossEntropyLoss", Map.of("reduction", "mean"), Graph.Type.FLOAT,
                new long[0], logits, g.input(Y, Graph.Type.INT32, Graph.DYNAMIC));
        return COMPILER.compile(g, THETA);
    }

    /** theta [d], x [B, n_in] -> logits [B, C]. */
    static Graph eval(ModelSpec spec) {
        Graph g = new Graph();
        g.output(forward(g, spec, unpacked(g, spec), features(g, spec)));
        return g;
    }

    /**
     * x [B, n_in] -> logits [B, C], with each layer's W and b as initializers; with a
     * standardization, {@code (x - mean) / scale} in front (Sub and Div, as the trainer's data saw it).
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
        g.output(forward(g, spec, new Parameters() {
            @Override
            public String weight(ModelSpec.Layer layer) {
                return g.constant("W" + index(layer), slice(theta, layer.weightOffset(), layer.weights()), layer.in(), layer.out());
            }

            @Override
            public String bias(ModelSpec.Layer layer) {
                return g.constant("b" + index(layer), slice(theta, layer.biasOffset(), layer.out()), layer.out());
            }

            private int index(ModelSpec.Layer layer) {
                return spec.layers().indexOf(layer);
            }
        }, x));
        return g;
    }

    private static float[] slice(float[] theta, int offset, int length) {
        return java.util.Arrays.copyOfRange(theta, offset, offset + length);
    }

    private static Parameters unpacked(Graph g, ModelSpec spec) {
        String theta = g.input(THETA, Graph.Type.FLOAT, spec.dimension());
        return new Parameters() {
            @Override
            public String weight(ModelSpec.Layer layer) {
                String flat = slice(layer.weightOffset(), layer.weights());
                return g.op("Reshape", Map.of(), Graph.Type.FLOAT, new long[] {layer.in(), layer.out()}, flat,
                        g.int64s(layer.in(), layer.out()));
            }

            @Override
            public String bias(ModelSpec.Layer layer) {
                return slice(layer.biasOffset(), layer.out());
            }

            private String slice(int offset, int length) {
                return g.op("Slice", Map.of(), Graph.Type.FLOAT, new long[] {length}, theta,
                        g.int64s(offset), g.int64s(offset + length), g.int64s(0));
            }
        };
    }

    /** The graph's input x [B, n_in]. */
    private static String features(Graph g, ModelSpec spec) {
        return g.input(X, Graph.Type.FLOAT, Graph.DYNAMIC, spec.inputs());
    }

    private static String forward(Graph g, ModelSpec spec, Parameters parameters, String x) {
        String h = x;
        int last = spec.layers().size() - 1;
        for (int i = 0; i <= last; i++) {
            ModelSpec.Layer layer = spec.layers().get(i);
            long[] shape = {Graph.DYNAMIC, layer.out()};
            String w = parameters.weight(layer);
            String b = parameters.bias(layer);
            h = i == last
                    ? g.opNamed(LOGITS, "Gemm", Map.of(), Graph.Type.FLOAT, shape, h, w, b)
                    : g.op("Relu", Map.of(), Graph.Type.FLOAT, shape, g.op("Gemm", Map.of(), Graph.Type.FLOAT, shape, h, w, b));
        }
        return h;
    }
}
