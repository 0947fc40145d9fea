package org.malcomedge.agent.train;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Map;
import org.malcomedge.agent.train.graph.TrainStepCompiler;

/**
 * Runs the compiled train-step graph on ONNX Runtime. Inputs and outputs live in direct buffers
 * wrapped once as tensors (ORT reads and writes them in place, outputs are pinned), so a step
 * copies theta and the batch in, the gradient out, and allocates nothing. Tensors for the batch
 * are kept for the last training and the last prediction batch size.
 */
final class OrtTrainer extends ModelTrainer {

    /** The tensors of one batch size, with the input and output maps of both sessions. */
    private final class Batch implements AutoCloseable {
        final int rows;
        final FloatBuffer x;
        final IntBuffer y;
        final FloatBuffer logits;
        final OnnxTensor xTensor;
        final OnnxTensor yTensor;
        final OnnxTensor logitsTensor;
        final Map<String, OnnxTensor> stepInputs;
        final Map<String, OnnxTensor> evalInputs;
        final Map<String, OnnxTensor> evalOutputs;

        Batch(int rows) throws OrtException {
            this.rows = rows;
            OrtEnvironment env = model.environment;
            x = floats(rows * spec.inputs());
            y = direct(4 * rows).asIntBuffer();
            logits = floats(rows * spec.classes());
            xTensor = OnnxTensor.createTensor(env, x, new long[] {rows, spec.inputs()});
            yTensor = OnnxTensor.createTensor(env, y, new long[] {rows});
            logitsTensor = OnnxTensor.createTensor(env, logits, new long[] {rows, spec.classes()});
            stepInputs = Map.of(ModelGraphs.THETA, thetaTensor, ModelGraphs.X, xTensor, ModelGraphs.Y, yTensor);
            evalInputs = Map.of(ModelGraphs.THETA, thetaTensor, ModelGraphs.X, xTensor);
            evalOutputs = Map.of(ModelGraphs.LOGITS, logitsTensor);
        }

        @Override
        public void close() {
            xTensor.close();
            yTensor.close();
            logitsTensor.close();
        }
    }

    private final OrtModel model;
    private final FloatBuffer theta;
    private final FloatBuffer gradient;
    private final FloatBuffer loss;
    private final OnnxTensor thetaTensor;
    private final OnnxTensor gradientTensor;
    private final OnnxTensor lossTensor;
    private final Map<String, OnnxTensor> stepOutputs;
    private Batch trainBatch;
    private Batch predictBatch;
    private float[] logitScratch = new float[0];

    OrtTrainer(OrtModel model) {
        super(model.spec);
        this.model = model;
        this.theta = floats(spec.dimension());
        this.gradient = floats(spec.dimension());
        this.loss = floats(1);
        try {
            thetaTensor = OnnxTensor.createTensor(model.environment, theta, new long[] {spec.dimension()});
            gradientTensor = OnnxTensor.createTensor(model.environment, gradient, new long[] {spec.dimension()});
            lossTensor = OnnxTensor.createTensor(model.environment, loss, new long[0]);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot allocate ORT tensors: " + e.getMessage(), e);
        }
        stepOutputs = Map.of(TrainStepCompiler.LOSS, lossTensor, TrainStepCompiler.GRADIENT, gradientTensor);
    }

    @Override
    public String backend() {
        return "ort";
    }

    /** The shared sessions this trainer runs. */
    OrtModel model() {
        return model;
    }

    @Override
    public float lossAndGradient(float[] parameters, float[] features, int[] labels, int rows, float[] grad) {
        TrainerChecks.batch(this, parameters, features, labels, rows, grad);
        trainBatch = fit(trainBatch, rows);
        load(parameters, features, rows, trainBatch);
        trainBatch.y.clear();
        trainBatch.y.put(labels, 0, rows);
        run(model.trainStep, trainBatch.stepInputs, stepOutputs);
        gradient.clear();
        gradient.get(grad);
        return loss.get(0);
    }

    @Override
    public int[] predict(float[] parameters, float[] features, int rows) {
        TrainerChecks.features(this, parameters, features, rows);
        predictBatch = fit(predictBatch, rows);
        load(parameters, features, rows, predictBatch);
        run(model.eval, predictBatch.evalInputs, predictBatch.evalOutputs);
        int n = rows * spec.classes();
        if (logitScratch.length < n) {
            logitScratch = new float[n];
        }
        predictBatch.logits.clear();
        predictBatch.logits.get(logitScratch, 0, n);
        return TrainerChecks.argmax(logitScratch, rows, spec.classes());
    }

    private void load(float[] parameters, float[] features, int rows, Batch batch) {
        theta.clear();
        theta.put(parameters);
        batch.x.clear();
        batch.x.put(features, 0, rows * spec.inputs());
    }

    private Batch fit(Batch batch, int rows) {
        if (batch != null && batch.rows == rows) {
            return batch;
        }
        if (batch != null) {
            batch.close();
        }
        try {
            return new Batch(rows);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot allocate ORT tensors for " + rows + " rows: " + e.getMessage(), e);
        }
    }

    private static void run(OrtSession session, Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> outputs) {
        try (OrtSession.Result ignored = session.run(inputs, outputs)) {
            // outputs were written into the pinned tensors
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime step failed: " + e.getMessage(), e);
        }
    }

    private static FloatBuffer floats(int n) {
        return direct(4 * n).asFloatBuffer();
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
        for (Batch batch : new Batch[] {trainBatch, predictBatch}) {
            if (batch != null) {
                batch.close();
            }
        }
        thetaTensor.close();
        gradientTensor.close();
        lossTensor.close();
    }
}
