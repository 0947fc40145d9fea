package org.malcomedge.agent.train;

import ai.onnxruntime.OrtEnvironment;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates trainers by backend. {@code auto} and {@code ort} use ONNX Runtime when its natives load
 * and otherwise fall back to the Java backend, saying why in one log line per process. Trainers
 * are cheap: ORT sessions are compiled once per model and thread count and shared.
 */
public final class Trainers {

    private static final Logger LOG = LoggerFactory.getLogger(Trainers.class);
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    /** Why ORT cannot be used here, computed once; empty when it loads. */
    private static final class OrtProbe {
        static final Optional<String> UNAVAILABLE = probe();

        private static Optional<String> probe() {
            try {
                OrtEnvironment.getEnvironment();
                return Optional.empty();
            } catch (Throwable e) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError, ...
                return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private Trainers() {
    }

    /**
     * @param threads intra-op threads of the ORT sessions (the Java backend is single-threaded)
     */
    public static Trainer create(ModelSpec spec, Backend backend, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        // The JAVA backend must not touch OrtProbe: reading it loads ORT's natives into the process.
        return create(spec, backend, threads, () -> OrtProbe.UNAVAILABLE);
    }

    /** {@link #create}, given why ORT is unavailable (empty when it loads), asked only for ORT backends. */
    static Trainer create(ModelSpec spec, Backend backend, int threads, Supplier<Optional<String>> ortProbe) {
        if (backend == Backend.JAVA) {
            return java(spec);
        }
        Optional<String> ortUnavailable = ortProbe.get();
        if (ortUnavailable.isPresent()) {
            if (FALLBACK_LOGGED.compareAndSet(false, true)) {
                LOG.warn("ONNX Runtime natives cannot load ({}): training with the Java backend", ortUnavailable.get());
            }
            return java(spec);
        }
        return new OrtTrainer(OrtModel.of(spec, threads));
    }

    /** The Java backend: the hand-written MLP, or the graph interpreter for a CNN. */
    private static Trainer java(ModelSpec spec) {
        return spec.isCnn() ? new GraphJavaTrainer(spec) : new JavaTrainer(spec);
    }

    /** Whether ONNX Runtime's natives load in this process. */
    public static boolean ortAvailable() {
        return OrtProbe.UNAVAILABLE.isEmpty();
    }
}
