package org.malcomedge.agent.star;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.gossip.PartitionSampler;
import org.malcomedge.agent.testing.Blobs;
import org.malcomedge.agent.testing.SoftmaxTrainer;

/** Test fixture: a server and n workers on blobs, messages handed over directly. */
final class StarOfWorkers {

    static final int FEATURES = 5;
    static final int CLASSES = 3;
    static final Dataset DATA = Blobs.of("blobs", 120, FEATURES, CLASSES, 1);
    static final double ETA = 0.2;

    final SoftmaxTrainer trainer = new SoftmaxTrainer(FEATURES, CLASSES);
    final List<McmWorker> workers = new ArrayList<>();
    final McmServer server;
    final Participation participation;
    final SplittableRandom serverRandom = new SplittableRandom(7);
    /** The decoded uplinks of the last round, in participant order. */
    final List<float[]> lastUplinks = new ArrayList<>();
    int[] lastParticipants;
    private final Compressor up;

    StarOfWorkers(StarAlgorithm algorithm, int n, Compressor up, Compressor down, double participationFraction) {
        this.up = up;
        float[] w0 = initialModel();
        double alphaUp = Variance.alpha(Variance.omega(up, w0.length));
        double alphaDown = Variance.alpha(Variance.omega(down, w0.length));
        boolean memory = algorithm == StarAlgorithm.MCM || algorithm == StarAlgorithm.RAND_MCM;
        for (int i = 0; i < n; i++) {
            workers.add(new McmWorker(w0, up, down, alphaUp, alphaDown, memory, sampler(n, i), new SplitMixRandom(100 + i)));
        }
        server = new McmServer(algorithm, w0, n, up, down, alphaUp, alphaDown, ETA);
        participation = new Participation(n, participationFraction, 11);
    }

    /** Worker i's batches: its rows i, i+n, ..., batch 8, its own shuffle. */
    static PartitionSampler sampler(int n, int i) {
        int[] rows = IntStream.range(0, DATA.rows()).filter(r -> r % n == i).toArray();
        return new PartitionSampler(DATA, rows, 8, new SplittableRandom(i));
    }

    static float[] initialModel() {
        SplittableRandom random = new SplittableRandom(42);
        float[] theta = new float[CLASSES * FEATURES + CLASSES];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = (float) (0.1 * random.nextGaussian());
        }
        return theta;
    }

    void round() {
        lastParticipants = participation.next();
        McmServer.Downlink downlink = server.downlink(lastParticipants, serverRandom);
        List<byte[]> uplinks = new ArrayList<>();
        lastUplinks.clear();
        for (int k = 0; k < lastParticipants.length; k++) {
            McmWorker worker = workers.get(lastParticipants[k]);
            worker.receive(downlink.payloads()[k]);
            byte[] message = worker.uplink(trainer);
            uplinks.add(message);
            lastUplinks.add(up.decompressOwn(message, server.model().length));
        }
        server.aggregate(uplinks);
    }
}
