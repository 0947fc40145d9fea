package org.malcomedge.agent.selftest;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.GossipNode;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.gossip.PartitionSampler;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.wire.ResidualFrame;

/**
 * An agent's work for a number of rounds, in one process and without a broker: MALCOM on a ring of
 * three nodes (the agent and its two neighbours, whose frames it folds in) sharing out the rows one
 * device holds, residuals compressed, framed as protobuf and parsed back, node 0 evaluated on the
 * test rows every {@value #EVAL_EVERY} rounds. Reports the time per round and the process's peak
 * resident memory, so {@code selftest --dataset ...} answers "does this board have the memory and
 * speed for this model".
 */
public final class RoundsCheck implements SelfCheck {

    private static final int NODES = 3;
    private static final int BATCH = 32;
    private static final String EXPERIMENT = "selftest";
    static final int EVAL_EVERY = 20;

    private final Supplier<TrainTest> data;
    private final Function<Dataset, ModelSpec> model;
    private final Function<ModelSpec, Trainer> trainers;
    private final int rounds;

    /**
     * @param data     loads the rows one device holds (at check time, so their memory counts)
     * @param model    the model for the dataset's shape
     * @param trainers one trainer per node
     */
    public RoundsCheck(Supplier<TrainTest> data, Function<Dataset, ModelSpec> model, Function<ModelSpec, Trainer> trainers,
                       int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        this.data = data;
        this.model = model;
        this.trainers = trainers;
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return rounds + " rounds of a node";
    }

    @Override
    public Outcome run() throws InvalidProtocolBufferException {
        TrainTest sets = this.data.get();
        Dataset data = sets.train();
        Dataset test = sets.test();
        ModelSpec spec = model.apply(data);
        float[] initial = spec.initialize(1);
        List<Trainer> trainers = new ArrayList<>();
        List<GossipNode> ring = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                trainers.add(this.trainers.apply(spec));
                ring.add(node(i, data, initial));
            }
            double accuracy = Double.NaN;
            double firstLoss = Double.NaN;
            double lastLoss = Double.NaN;
            long start = System.nanoTime();
            for (int round = 1; round <= rounds; round++) {
                List<byte[]> frames = new ArrayList<>();
                for (int i = 0; i < NODES; i++) {
                    frames.add(ring.get(i).prepare(round, trainers.get(i)).toByteArray());
                }
                for (int i = 0; i < NODES; i++) {
                    ring.get(i).receive(ResidualFrame.parseFrom(frames.get((i + 1) % NODES)));
                    ring.get(i).receive(ResidualFrame.parseFrom(frames.get((i + NODES - 1) % NODES)));
                    ring.get(i).finishRound(round);
                }
                lastLoss = ring.get(0).stats().trainLoss();
                if (!Double.isFinite(lastLoss)) {
                    return Outcome.fail("loss " + lastLoss + " in round " + round);
                }
                if (round == 1) {
                    firstLoss = lastLoss;
                }
                if (round % EVAL_EVERY == 0 || round == rounds) {
                    accuracy = accuracy(trainers.get(0).predict(ring.get(0).model(), test.x(), test.rows()), test.y());
                }
            }
            double msPerRound = (System.nanoTime() - start) / 1e6 / rounds;
            Runtime runtime = Runtime.getRuntime();
            String detail = String.format(Locale.ROOT,
                    "%s, %s on %s (%d train, %d test rows), d=%d: loss %.3f -> %.3f, accuracy %.3f, %.1f ms/round (3 nodes); "
                            + "peak RSS %s, heap %d/%d MiB",
                    trainers.get(0).backend(), spec.spec(), data.name(), data.rows(), test.rows(), spec.dimension(), firstLoss,
                    lastLoss, accuracy,
                    msPerRound, peakRss(), (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
            return lastLoss < firstLoss ? Outcome.pass(detail) : Outcome.fail(detail + " (the loss did not go down)");
        } finally {
            trainers.forEach(Trainer::close);
        }
    }

    /** Node i of the ring, training on every third row starting at i. */
    private GossipNode node(int i, Dataset data, float[] initial) {
        int[] rows = new int[(data.rows() - i + NODES - 1) / NODES];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = i + k * NODES;
        }
        SplittableRandom random = new SplittableRandom(100 + i);
        String left = "n" + (i + NODES - 1) % NODES;
        String right = "n" + (i + 1) % NODES;
        return new GossipNode("n" + i, EXPERIMENT, 0, initial, Map.of(left, 1 / 3.0, right, 1 / 3.0),
                Compressors.parse("malcom:4"), GossipParameters.of(Algorithm.MALCOM, 0.1, 0.1, 1e-4),
                new PartitionSampler(data, rows, BATCH, random.split()), random);
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    /** The process's peak resident set (VmHWM), where Linux reports it. */
    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return (kib >> 10) + " MiB";
                }
            }
        } catch (IOException | NumberFormatException notLinux) {
            // fall through
        }
        return "unknown";
    }
}
