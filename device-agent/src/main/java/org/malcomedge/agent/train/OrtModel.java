package org.malcomedge.agent.train;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.malcomedge.agent.train.graph.Graph;

/**
 * The compiled train-step and eval sessions of one model, shared by every {@link OrtTrainer} of
 * that model and thread count (ORT sessions are safe to run from several threads; each trainer
 * brings its own buffers). Kept for the life of the process, so a simulation with a thousand nodes
 * compiles each model once.
 */
final class OrtModel {

    private record Key(ModelSpec spec, int threads) {
    }

    private static final Map<Key, OrtModel> CACHE = new ConcurrentHashMap<>();

    final ModelSpec spec;
    final OrtEnvironment environment;
    final OrtSession trainStep;
    final OrtSession eval;

    private OrtModel(ModelSpec spec, int threads) throws OrtException {
        this.spec = spec;
        this.environment = OrtEnvironment.getEnvironment();
        this.trainStep = session(environment, ModelGraphs.trainStep(spec), threads);
        this.eval = session(environment, ModelGraphs.eval(spec), threads);
    }

    static OrtModel of(ModelSpec spec, int threads) {
        return CACHE.computeIfAbsent(new Key(spec, threads), key -> {
            try {
                return new OrtModel(key.spec(), key.threads());
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime rejected the graphs of " + key.spec() + ": " + e.getMessage(), e);
            }
        });
    }

    /** A session over {@code graph} running its operators on {@code threads} intra-op threads. */
    static OrtSession session(OrtEnvironment environment, Graph graph, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return environment.createSession(graph.toOnnx("malcom"), options);
        }
    }
}
