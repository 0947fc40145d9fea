package org.malcomedge.agent.train;

import java.util.Map;
import org.malcomedge.agent.train.graph.JavaGraph;
import org.malcomedge.agent.train.graph.Tensor;
import org.malcomedge.agent.train.graph.TrainStepCompiler;

/**
 * The Java backend for models that only exist as graphs (CNNs): runs the very forward graph the
 * ORT train step is compiled from ({@link ModelGraphs#loss}) with {@link JavaGraph}, in double
 * precision, and differentiates it in reverse. Slower than ORT, never different (within 1e-4).
 */
final class GraphJavaTrainer extends JavaBackend {

    private final JavaGraph loss;
    private final JavaGraph eval;

    GraphJavaTrainer(ModelSpec spec) {
        super(spec);
        this.loss = new JavaGraph(ModelGraphs.loss(spec));
        this.eval = new JavaGraph(ModelGraphs.eval(spec));
    }

    @Override
    public float lossAndGradient(float[] theta, float[] features, int[] labels, int rows, float[] gradient) {
        TrainerChecks.batch(this, theta, features, labels, rows, gradient);
        Map<String, Tensor> values = loss.run(Map.of(ModelGraphs.THETA, Tensor.of(theta, theta.length),
                ModelGraphs.X, Tensor.of(features, rows, spec.inputs()), ModelGraphs.Y, Tensor.ofInts(labels, rows)));
        double[] g = loss.gradient(values, TrainStepCompiler.LOSS, ModelGraphs.THETA).data();
        for (int k = 0; k < g.length; k++) {
            gradient[k] = (float) g[k];
        }
        return (float) values.get(TrainStepCompiler.LOSS).data()[0];
    }

    @Override
    public int[] predict(float[] theta, float[] features, int rows) {
        TrainerChecks.features(this, theta, features, rows);
        Map<String, Tensor> values = eval.run(Map.of(ModelGraphs.THETA, Tensor.of(theta, theta.length),
                ModelGraphs.X, Tensor.of(features, rows, spec.inputs())));
        return TrainerChecks.argmax(values.get(ModelGraphs.LOGITS).toFloats(), rows, spec.classes());
    }
}
