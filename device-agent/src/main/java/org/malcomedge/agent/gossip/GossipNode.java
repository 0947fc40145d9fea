package org.malcomedge.agent.gossip;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.train.Optimizer;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.vector.Vectors;
import org.malcomedge.wire.ResidualFrame;

/**
 * One node's step of D-PSGD, CHOCO-SGD and MALCOM-PSGD (DESIGN.md section 4), split so that both
 * a synchronous simulator and an asynchronous device agent can drive it:
 * <ol>
 *   <li>{@link #prepare}: local SGD to x_half, compress, return the frame to publish;</li>
 *   <li>{@link #receive}: fold a neighbour's frame into its estimate, whenever it arrives;</li>
 *   <li>{@link #finishRound}: the consensus step (and MALCOM's prox) with the estimates at hand;</li>
 *   <li>{@link #takeKeyframeRequests} / {@link #keyframe}: repair traffic for the transport.</li>
 * </ol>
 * Frames are built and checked by {@link FrameCodec}. The node never touches a transport. All
 * methods are synchronized, so frames may arrive on a network thread while the agent thread trains.
 *
 * <p>Arrays: {@code x} holds x_i, and x_half between prepare and finishRound; {@code self} is the
 * node's own xhat_i, always updated with decompress(compress(.)), exactly what neighbours apply.
 *
 * <p>Gradient tracking (BEER, {@link Algorithm#tracksGradient}) keeps v_i (the tracker) and the
 * last gradient too; {@code self} and every neighbour's estimate are then 2d long, h (of x) then g
 * (of v), and each frame carries both residuals.
 */
public final class GossipNode {

    private final String id;
    private final Compressor compressor;
    private final FrameCodec frames;
    private final GossipParameters p;
    private final BatchSampler batches;
    private final RandomGenerator random;
    private final float[] start;

    private final float[] x;
    private final float[] g;
    private final float[] self;
    /** Gradient tracking only (else null): v_i, and the gradient it last took in. */
    private final GradientTracker tracker;
    private final float[] batchFeatures;
    private final int[] batchLabels;
    /** Neighbours in id order: their weights w_ij, estimates xhat_j and announced gamma_j. */
    private final Neighbourhood neighbourhood;
    /** gamma_i, fixed or auto; neighbours' announced gamma_j (auto only) for the edge's min. */
    private final ConsensusStep step;
    private final SparsityControl pruning;
    private final Momentum momentum;

    private long seq;
    /** The latest round this node prepared or finished: its clock for gap windows. */
    private int lastRound;
    private final RoundCounters counters = new RoundCounters();

    /**
     * @param initialModel     the common seeded x_0 (copied)
     * @param neighbourWeights w_ij for each neighbour j (w_ii = 1 - their sum)
     * @param random           this node's own generator (dither, rand-k); seeds it per node
     * @param epoch            increments every time this node restarts
     */
    public GossipNode(String id, String experiment, int epoch, float[] initialModel,
            Map<String, Double> neighbourWeights, Compressor compressor, GossipParameters parameters,
            BatchSampler batches, RandomGenerator random) {
        this.id = Objects.requireNonNull(id, "id");
        this.compressor = Objects.requireNonNull(compressor, "compressor");
        this.p = Objects.requireNonNull(parameters, "parameters");
        this.frames = new FrameCodec(id, Objects.requireNonNull(experiment, "experiment"), epoch, compressor,
                initialModel.length, p.algorithm().tracksGradient());
        this.batches = Objects.requireNonNull(batches, "batches");
        this.random = Objects.requireNonNull(random, "random");
        // D-PSGD has no consensus step to adapt (it mixes the models themselves)
        this.step = new ConsensusStep(p.gamma(), p.algorithm().additive() ? p.autoGammaGain() : 0);
        this.pruning = new SparsityControl(p.sparsityTarget(), p.sparsityRampRounds());
        int d = initialModel.length;
        this.x = initialModel.clone();
        this.g = new float[d];
        // g starts at 0 everywhere: every node knows its neighbours' g_j from round 0 on
        int estimateLength = p.algorithm().tracksGradient() ? 2 * d : d;
        this.start = p.initialEstimate() == InitialEstimate.ZERO ? new float[estimateLength]
                : Arrays.copyOf(initialModel, estimateLength);
        this.self = start.clone();
        this.tracker = p.algorithm().tracksGradient() ? new GradientTracker(d) : null;
        this.batchFeatures = new float[batches.batchSize() * batches.features()];
        this.batchLabels = new int[batches.batchSize()];
        this.neighbourhood = new Neighbourhood(id, neighbourWeights, start);
        this.momentum = new Momentum(p.momentum(), d);
    }

    public String id() {
        return id;
    }

    public int dimension() {
        return x.length;
    }

    /**
     * Local SGD, {@code x_half = x_i - eta * g_i} (H times), then the frame to publish:
     * D-PSGD the model x_half, CHOCO/MALCOM {@code q_i = C(x_half - xhat_i)} with
     * {@code xhat_i += q_i}; with {@code --gamma auto} the step observes v and q
     * ({@link ConsensusStep}) and the frame announces gamma_i.
     */
    public synchronized ResidualFrame prepare(int round, Trainer trainer) {
        lastRound = round;
        if (tracker != null) {
            return prepareTracking(round, trainer);
        }
        long t0 = System.nanoTime();
        float eta = (float) p.eta();
        double loss = 0;
        momentum.roundStarts(x);
        for (int step = 0; step < p.localSteps(); step++) {
            loss += gradient(trainer);
            momentum.step(x, g, eta); // x now holds x_half
        }
        counters.trained(loss / p.localSteps(), t0);

        byte[] payload;
        if (p.algorithm().additive()) {
            payload = sendResidual(x, 0, step::observeResidual);
        } else {
            payload = compressor.compress(x, random);
            // what neighbours will hold
            System.arraycopy(compressor.decompressOwn(payload, x.length), 0, self, 0, x.length);
        }
        seq++;
        return counters.sent(frames.residual(payload, lastRound, seq, announcedStep()));
    }

    /**
     * BEER's half of a round before the frame goes out (the other half is {@link #finishRound}):
     * {@code v_i += grad_i(x_i)} completes {@code v <- v + gamma sum_j w_ij (g_j - g_i) + grad_i(x_new) - grad_i(x_old)},
     * then {@code q = C(x_i - h_i)}, {@code r = C(v_i - g_i)}, {@code h_i += q}, {@code g_i += r}, both in the frame.
     * Before round 1, {@code v_i = grad_i(x_0)} and {@code x_1 = x_0 - eta v_i} (the estimates all
     * equal x_0: nothing to mix).
     */
    private ResidualFrame prepareTracking(int round, Trainer trainer) {
        long t0 = System.nanoTime();
        if (!tracker.started()) {
            gradient(trainer);
            momentum.step(x, g, (float) p.eta()); // v_0 = grad_i(x_0), and nothing to mix yet
            proxAndCut(0);
            tracker.start();
        }
        momentum.roundStarts(x);
        double loss = gradient(trainer);
        tracker.takeIn(g);
        counters.trained(loss, t0);
        byte[] payload = sendResidual(x, 0, step::observeResidual);
        byte[] trackerPayload = sendResidual(tracker.v(), x.length, step::observeTrackerResidual);
        seq++;
        return counters.sent(frames.residual(payload, trackerPayload, lastRound, seq, announcedStep()));
    }

    /**
     * {@code q = C(value - xhat_i)} on the part of xhat_i from {@code offset} (the model's at 0, the
     * tracker's at d), then {@code xhat_i += q}: exactly what neighbours apply. The step sees the
     * residual and q. Uses {@code g} as the residual's buffer: the gradient is spent by then.
     */
    private byte[] sendResidual(float[] value, int offset, BiConsumer<float[], float[]> observe) {
        float[] residual = g;
        for (int k = 0; k < value.length; k++) {
            residual[k] = value[k] - self[offset + k];
        }
        byte[] payload = compressor.compress(residual, random);
        float[] q = compressor.decompressOwn(payload, value.length);
        observe.accept(residual, q);
        for (int k = 0; k < value.length; k++) {
            self[offset + k] += q[k];
        }
        return payload;
    }

    /** Loss of one fresh batch at x_i; its gradient in {@code g}. */
    private double gradient(Trainer trainer) {
        int rows = batches.next(batchFeatures, batchLabels);
        return trainer.lossAndGradient(x, batchFeatures, batchLabels, rows, g);
    }

    /**
     * Folds a neighbour's frame into its estimate: {@code xhat_j += q_j} (late frames too, in any
     * order), a keyframe, or D-PSGD's model. Frames that fail their checks are counted as dropped.
     */
    public synchronized void receive(ResidualFrame frame) {
        NeighbourEstimate estimate = neighbourhood.estimate(frame.getSender());
        float[] vector = estimate == null ? null : frames.decode(frame);
        if (vector == null) {
            counters.dropped();
            return;
        }
        if (frame.getGamma() > 0) {
            neighbourhood.announced(frame.getSender(), frame.getGamma());
        }
        NeighbourEstimate.Outcome outcome;
        if (!p.algorithm().additive()) {
            outcome = estimate.replace(frame.getEpoch(), frame.getSeq(), vector);
        } else if (frame.getKeyframe()) {
            outcome = estimate.applyKeyframe(frame.getEpoch(), frame.getSeq(), vector, lastRound);
        } else {
            outcome = estimate.addResidual(frame.getEpoch(), frame.getSeq(), vector, lastRound);
        }
        if (outcome == NeighbourEstimate.Outcome.REPAIRED) {
            counters.repaired();
        }
    }

    /**
     * The consensus step with the estimates at hand:
     * D-PSGD {@code x_i = sum_{j in N_i + i} w_ij x_half_j};
     * CHOCO {@code x_i = x_half + sum_j gamma_ij w_ij (xhat_j - xhat_i)}, {@code gamma_ij = min(gamma_i, gamma_j)}
     * (one gamma for all edges unless auto);
     * MALCOM the same followed by {@code prox_{eta*lambda}} and, with a sparsity target, the cut of
     * {@link SparsityControl};
     * BEER {@code x <- x + gamma sum_j w_ij (h_j - h_i) - eta v},
     * {@code v <- v + gamma sum_j w_ij (g_j - g_i) - grad_i(x_old)} (the next prepare adds grad_i(x_new)),
     * malcom-beer then the prox and cut of x.
     * Neighbours without a usable estimate (never heard of, restarted) are left out of the sum,
     * i.e. their weight stays with the node. Then notes which neighbours need a keyframe.
     */
    public synchronized void finishRound(int round) {
        lastRound = Math.max(lastRound, round);
        switch (p.algorithm()) {
            case DPSGD -> {
                // sum_j w_ij x_half_j = x_half_i + sum_{j != i} w_ij (x_half_j - x_half_i), as neighbours see x_half_i
                System.arraycopy(self, 0, x, 0, x.length);
                mix(x, 0, 1f);
            }
            case CHOCO, MALCOM -> mix(x, 0, step.gamma());
            case BEER, MALCOM_BEER -> {
                mix(x, 0, step.gamma());
                momentum.step(x, tracker.v(), (float) p.eta());
                mix(tracker.v(), x.length, step.gamma());
                tracker.dropLast();
            }
        }
        proxAndCut(round);
        momentum.roundEnds(x, p.eta() * p.localSteps());
        neighbourhood.noteGaps(round, p.gapWindowRounds());
    }

    /** malcom and malcom-beer: {@code x = prox_{eta*lambda}(x)}, then the sparsity cut of round {@code round}. */
    private void proxAndCut(int round) {
        if (p.algorithm().hasProx()) {
            Optimizer.prox(x, (float) (p.eta() * p.lambda()));
            pruning.cut(x, round);
        }
    }

    /**
     * {@code target += sum_j min(gamma, gamma_j) w_ij (xhat_j - xhat_i)} over the synced neighbours,
     * on the estimates' values from {@code offset} (the model's at 0, the tracker's at d), gamma_j as
     * j last announced it (both ends of an edge then use the same step); with auto, the model's mix
     * then tells the step the local disagreement {@code ||sum_j w_ij (xhat_j - xhat_i)||}.
     */
    private void mix(float[] target, int offset, double gamma) {
        float[] pull = step.isAuto() && offset == 0 ? g : null; // the gradient buffer is free until the next prepare
        if (pull != null) {
            Arrays.fill(pull, 0f);
        }
        neighbourhood.forEachSynced(gamma, (weight, announced, xhatJ) -> {
            float w = (float) (Math.min(gamma, announced) * weight);
            float wPull = (float) weight;
            for (int k = 0; k < target.length; k++) {
                float gap = xhatJ[offset + k] - self[offset + k];
                target[k] += w * gap;
                if (pull != null) {
                    pull[k] += wPull * gap;
                }
            }
        });
        if (pull != null) {
            step.observeDisagreement(Vectors.norm(pull));
        }
    }

    /** Neighbours to ask for a keyframe (gaps past the window, restarts, new neighbours); clears the list. */
    public synchronized List<String> takeKeyframeRequests() {
        return neighbourhood.takeKeyframeRequests();
    }

    /** This node's full estimate xhat_i as a keyframe (lossless), for neighbours that asked. */
    public synchronized ResidualFrame keyframe() {
        return counters.sent(frames.keyframe(self, lastRound, seq, announcedStep()));
    }

    /**
     * Changes the neighbourhood (time-varying topology, dropouts): estimates of remaining neighbours
     * are kept, departed ones dropped, new ones start unsynced and are asked for a keyframe.
     */
    public synchronized void setNeighbours(Map<String, Double> neighbourWeights) {
        neighbourhood.set(neighbourWeights);
    }

    /**
     * Back after being away (offline, partitioned): estimates of unknown age are of no use, so
     * every neighbour is treated as new and asked for a keyframe.
     */
    public synchronized void rejoin() {
        neighbourhood.forgetAll();
    }

    /** x_i, xhat_i, the frame counter (and tracker, momentum) after the last finished round, for a checkpoint. */
    public synchronized NodeSnapshot snapshot() {
        return new NodeSnapshot(lastRound, seq, x.clone(), self.clone(), step.gamma(),
                tracker == null ? new float[0] : tracker.state(), momentum.state());
    }

    /**
     * Back from a checkpoint (this node is in a new epoch): x_i, xhat_i and the frame counter as
     * they were; the neighbours' estimates are of unknown age, so every neighbour is asked for a
     * keyframe (as in {@link #rejoin()}). The caller publishes this node's {@link #keyframe()}.
     */
    public synchronized void resume(NodeSnapshot snapshot) {
        if (snapshot.model().length != x.length) {
            throw new IllegalArgumentException("node " + id + ": snapshot of " + snapshot.model().length
                    + " parameters, the model has " + x.length);
        }
        if (snapshot.tracking() != (tracker != null)) {
            throw new IllegalArgumentException("node " + id + ": snapshot " + (snapshot.tracking() ? "with" : "without")
                    + " gradient tracking, the node runs " + p.algorithm().spec());
        }
        System.arraycopy(snapshot.model(), 0, x, 0, x.length);
        System.arraycopy(snapshot.estimate(), 0, self, 0, self.length);
        if (tracker != null) {
            tracker.restore(snapshot.tracker());
        }
        momentum.restore(snapshot.momentum());
        seq = snapshot.seq();
        lastRound = snapshot.round();
        step.resume(snapshot.gamma());
        rejoin();
    }

    /** Current neighbour ids, sorted. */
    public synchronized List<String> neighbours() {
        return neighbourhood.ids();
    }

    /** A copy of x_i. */
    public synchronized float[] model() {
        return x.clone();
    }

    /**
     * A copy of this node's estimate of {@code neighbour}'s model (its own xhat_i for its own id;
     * h_j with gradient tracking), or null.
     */
    public synchronized float[] estimateOf(String neighbour) {
        if (neighbour.equals(id)) {
            return Arrays.copyOf(self, x.length);
        }
        NeighbourEstimate estimate = neighbourhood.estimate(neighbour);
        return estimate == null || !estimate.isSynced() ? null : Arrays.copyOf(estimate.value(), x.length);
    }

    /** Gradient tracking: a copy of v_i, this node's tracker of the average gradient; else null. */
    public synchronized float[] tracker() {
        return tracker == null ? null : tracker.v().clone();
    }

    /** Fraction of exact zeros in x_i. */
    public synchronized double sparsity() {
        return Vectors.sparsity(x);
    }

    /**
     * What this node did since the last {@link #takeStats()}: frames, keyframes, repairs and drops
     * counted whenever they happened (an agent's neighbours repair it between its rounds too), and
     * the loss and compute time of the last {@link #prepare}.
     */
    public synchronized NodeStats stats() {
        return counters.stats(p.algorithm().additive() ? step.gamma() : Double.NaN);
    }

    /** {@link #stats()}, then starts counting afresh: a round's metrics. */
    public synchronized NodeStats takeStats() {
        NodeStats stats = stats();
        counters.reset();
        return stats;
    }

    /** gamma_i as frames announce it: with auto only (a fixed step is the plan's, the same everywhere). */
    private float announcedStep() {
        return step.isAuto() ? (float) step.gamma() : 0f;
    }

    @Override
    public String toString() {
        return "GossipNode(" + id + ", " + p.algorithm().spec() + ", neighbours " + neighbourhood.ids() + ")";
    }
}
