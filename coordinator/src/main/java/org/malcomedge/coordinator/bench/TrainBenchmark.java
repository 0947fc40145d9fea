package org.malcomedge.coordinator.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.agent.train.graph.Graph;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

/**
 * Train-step throughput of both backends on one model and batch (DESIGN.md section 8,
 * {@code bench train}), next to the GFLOP/s of a large MatMul on ORT with the same thread count:
 * the rate a train step could at best reach. Each figure is the median of repeated timings.
 * Batches are dense random features, so no backend profits from zero inputs. A third row,
 * {@code ort-forward}, times ORT's forward pass alone (the eval graph, logits) on the same batch:
 * the train step's cost in forward passes.
 */
public final class TrainBenchmark {

    /** One table / JSON row. */
    public record Row(@JsonProperty("backend") String backend, @JsonProperty("model") String model,
                      @JsonProperty("batch") int batch, @JsonProperty("samples_s") double samplesPerSecond,
                      @JsonProperty("gflops") double gflops, @JsonProperty("matmul_gflops") double matmulGflops) {
    }

    /**
     * @param repeats timings per figure (the median is reported)
     * @param seconds target length of one timing
     */
    public record Settings(ModelSpec spec, int batch, int threads, int repeats, double seconds, int matmulSize) {
        /** The benchmark: MLP 784-256-10, batch 64, 1024^3 MatMul. */
        public static Settings standard(int threads, int repeats) {
            return of("mlp:256", 64, threads, repeats);
        }

        /** {@code model} on 784 features (28 x 28) and 10 classes, as fashion-mnist and mnist. */
        public static Settings of(String model, int batch, int threads, int repeats) {
            return new Settings(ModelSpec.parse(model, 784, 10), batch, threads, repeats, 0.25, 1024);
        }
    }

    private TrainBenchmark() {
    }

    /** Something timed: {@code call} does {@code flops} floating-point operations on {@code samples} samples. */
    private record Workload(String name, Runnable call, double flops, int samples) {
    }

    public static List<Row> run(Settings settings) {
        ModelSpec spec = settings.spec();
        String model = spec.inputs() + "-" + spec.spec().substring(4).replace(',', '-') + "-" + spec.classes();
        List<Trainer> trainers = new ArrayList<>();
        try (MatMul matMul = new MatMul(settings.matmulSize(), settings.threads())) {
            List<Workload> workloads = new ArrayList<>();
            workloads.add(new Workload("matmul", matMul::run, 2.0 * Math.pow(settings.matmulSize(), 3), 0));
            for (Backend backend : new Backend[] {Backend.ORT, Backend.JAVA}) {
                Trainer trainer = Trainers.create(spec, backend, settings.threads());
                trainers.add(trainer);
                workloads.add(new Workload(trainer.backend(), trainStep(trainer, settings), trainStepFlops(spec, settings.batch()), settings.batch()));
            }
            workloads.add(new Workload("ort-forward", forward(trainers.get(0), settings), 2.0 * settings.batch() * spec.macsPerSample(),
                    settings.batch()));
            double[] seconds = medianSeconds(settings, workloads);
            double matmulGflops = workloads.get(0).flops() / seconds[0] / 1e9;
            List<Row> rows = new ArrayList<>();
            for (int w = 1; w < workloads.size(); w++) {
                Workload workload = workloads.get(w);
                rows.add(new Row(workload.name(), model, settings.batch(), workload.samples() / seconds[w],
                        workload.flops() / seconds[w] / 1e9, matmulGflops));
            }
            return rows;
        } finally {
            trainers.forEach(Trainer::close);
        }
    }

    /**
     * Floating-point operations of one train step: forward and weight gradient of every layer,
     * input gradient of every layer but the first (nothing needs d/dx), 2 per multiply-add.
     */
    static double trainStepFlops(ModelSpec spec, int batch) {
        long first = spec.stages().isEmpty() ? spec.layers().get(0).weights()
                : spec.stages().stream().filter(s -> s.kind() == ModelSpec.Stage.Kind.CONV).findFirst()
                        .map(s -> (long) s.weights() * s.outHeight() * s.outWidth()).orElse(0L);
        return 2.0 * batch * (3.0 * spec.macsPerSample() - first);
    }

    /** A random batch of dense features and labels. */
    private record Batch(float[] theta, float[] x, int[] y) {
        static Batch of(Settings settings) {
            ModelSpec spec = settings.spec();
            SplittableRandom random = new SplittableRandom(1);
            float[] x = new float[settings.batch() * spec.inputs()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextDouble();
            }
            return new Batch(spec.initialize(1), x, random.ints(settings.batch(), 0, spec.classes()).toArray());
        }
    }

    private static Runnable trainStep(Trainer trainer, Settings settings) {
        Batch b = Batch.of(settings);
        float[] gradient = new float[settings.spec().dimension()];
        return () -> trainer.lossAndGradient(b.theta(), b.x(), b.y(), settings.batch(), gradient);
    }

    private static Runnable forward(Trainer trainer, Settings settings) {
        Batch b = Batch.of(settings);
        return () -> trainer.predict(b.theta(), b.x(), settings.batch());
    }

    /** An n x n by n x n MatMul graph on ORT. */
    private static final class MatMul implements AutoCloseable {
        private final OrtSession session;
        private final OnnxTensor tensor;
        private final Map<String, OnnxTensor> inputs;

        MatMul(int n, int threads) {
            Graph g = new Graph();
            String a = g.input("a", Graph.Type.FLOAT, n, n);
            String b = g.input("b", Graph.Type.FLOAT, n, n);
            g.output(g.op("MatMul", Map.of(), Graph.Type.FLOAT, new long[] {n, n}, a, b));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            FloatBuffer values = ByteBuffer.allocateDirect(4 * n * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
            SplittableRandom random = new SplittableRandom(2);
            while (values.hasRemaining()) {
                values.put((float) random.nextDouble());
            }
            values.rewind();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
                session = env.createSession(g.toOnnx("matmul"), options);
                tensor = OnnxTensor.createTensor(env, values, new long[] {n, n});
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime MatMul benchmark failed: " + e.getMessage(), e);
            }
            inputs = Map.of(a, tensor, b, tensor);
        }

        void run() {
            try (OrtSession.Result ignored = session.run(inputs)) {
                // timing only
            } catch (OrtException e) {
                throw new IllegalStateException("MatMul run failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            tensor.close();
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Median seconds per call of each workload. After a warm-up that sizes each timing to about
     * {@code seconds}, the workloads are timed in turns, so that other load on the machine falls
     * on all of them alike and their ratios stay meaningful.
     */
    private static double[] medianSeconds(Settings settings, List<Workload> workloads) {
        int[] perTiming = new int[workloads.size()];
        for (int w = 0; w < workloads.size(); w++) {
            Runnable call = workloads.get(w).call();
            long start = System.nanoTime();
            int calls = 0;
            while (calls < 3 || System.nanoTime() - start < 0.5 * settings.seconds() * 1e9) {
                call.run();
                calls++;
            }
            double perCall = (System.nanoTime() - start) / 1e9 / calls;
            perTiming[w] = (int) Math.max(1, Math.ceil(settings.seconds() / perCall));
        }
        double[][] timings = new double[workloads.size()][settings.repeats()];
        for (int r = 0; r < settings.repeats(); r++) {
            for (int w = 0; w < workloads.size(); w++) {
                Runnable call = workloads.get(w).call();
                long t0 = System.nanoTime();
                for (int i = 0; i < perTiming[w]; i++) {
                    call.run();
                }
                timings[w][r] = (System.nanoTime() - t0) / 1e9 / perTiming[w];
            }
        }
        double[] medians = new double[workloads.size()];
        for (int w = 0; w < workloads.size(); w++) {
            Arrays.sort(timings[w]);
            medians[w] = timings[w][settings.repeats() / 2];
        }
        return medians;
    }
}
