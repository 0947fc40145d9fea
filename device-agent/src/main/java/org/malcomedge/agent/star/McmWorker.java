package org.malcomedge.agent.star;

import java.util.Objects;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.gossip.BatchSampler;
import org.malcomedge.agent.train.Trainer;
import org.malcomedge.agent.vector.Vectors;

/**
 * One worker of a star-mode run (DESIGN.md section 4, MCM), one round being
 * {@link #receive} (the server's downlink) then {@link #uplink}:
 * <pre>
 *   receive:  w_hat = H_old + Omega,  H = H_old + alpha_dwn Omega      (with downlink memory)
 *             w_hat = Omega                                            (mcm-uplink, mcm-naive)
 *   uplink:   g_i = grad F_i(w_hat),  Delta_i = g_i - h_i,  send C_up(Delta_i),  h_i += alpha_up C_up(Delta_i)
 * </pre>
 * Memories start at H = w_0 (the common initial model) and h_i = 0. {@link #snapshot} after a round
 * and {@link #resume} on a fresh worker of the same seeds go on bit for bit as the uninterrupted one.
 */
public final class McmWorker {

    private final Compressor up;
    private final Compressor down;
    private final float alphaUp;
    private final float alphaDown;
    private final boolean downlinkMemory;
    private final BatchSampler batches;
    private final SplitMixRandom random;

    private final float[] wHat;
    private final float[] bigH;
    private final float[] h;
    private final float[] g;
    private final float[] batchFeatures;
    private final int[] batchLabels;
    private double trainLoss = Double.NaN;
    /** Minibatches drawn so far: the sampler's position. */
    private long batchesDrawn;

    /**
     * @param downlinkMemory true for MCM and Rand-MCM (Omega is added to H), false when the
     *                       downlink carries the model itself
     * @param random         this worker's own generator (uplink dither)
     */
    public McmWorker(float[] initialModel, Compressor up, Compressor down, double alphaUp, double alphaDown,
            boolean downlinkMemory, BatchSampler batches, SplitMixRandom random) {
        this.up = Objects.requireNonNull(up, "up");
        this.down = Objects.requireNonNull(down, "down");
        this.alphaUp = (float) alphaUp;
        this.alphaDown = (float) alphaDown;
        this.downlinkMemory = downlinkMemory;
        this.batches = Objects.requireNonNull(batches, "batches");
        this.random = Objects.requireNonNull(random, "random");
        int d = initialModel.length;
        this.wHat = initialModel.clone();
        this.bigH = initialModel.clone();
        this.h = new float[d];
        this.g = new float[d];
        this.batchFeatures = new float[batches.batchSize() * batches.features()];
        this.batchLabels = new int[batches.batchSize()];
    }

    /** The server's downlink message: {@code w_hat = H_old + Omega, H = H_old + alpha_dwn Omega}, or {@code w_hat = Omega}. */
    public void receive(byte[] downlink) {
        float[] omega = down.decompressOwn(downlink, wHat.length);
        if (downlinkMemory) {
            for (int k = 0; k < wHat.length; k++) {
                wHat[k] = bigH[k] + omega[k];
            }
            Vectors.axpy(alphaDown, omega, bigH);
        } else {
            System.arraycopy(omega, 0, wHat, 0, wHat.length);
        }
    }

    /** {@code g_i = grad F_i(w_hat)}, {@code Delta_i = g_i - h_i}; returns C_up(Delta_i) and sets {@code h_i += alpha_up C_up(Delta_i)}. */
    public byte[] uplink(Trainer trainer) {
        int rows = batches.next(batchFeatures, batchLabels);
        batchesDrawn++;
        trainLoss = trainer.lossAndGradient(wHat, batchFeatures, batchLabels, rows, g);
        byte[] message = up.compress(Vectors.minus(g, h), random);
        Vectors.axpy(alphaUp, up.decompressOwn(message, h.length), h);
        return message;
    }

    /** Loss of the last {@link #uplink}'s batch at w_hat (NaN before the first). */
    public double trainLoss() {
        return trainLoss;
    }

    /** The worker's state after {@code round} (w_hat, H, h_i, the generators' positions). */
    public WorkerSnapshot snapshot(int round) {
        return new WorkerSnapshot(round, batchesDrawn, random.position(), wHat.clone(), bigH.clone(), h.clone());
    }

    /**
     * Takes up {@code snapshot}'s state; this worker must be fresh (no round yet), built with the
     * same data, seeds and codecs as the one that wrote it.
     *
     * @throws IllegalArgumentException when the dimension differs, or this worker already ran
     */
    public void resume(WorkerSnapshot snapshot) {
        if (snapshot.model().length != wHat.length) {
            throw new IllegalArgumentException("snapshot holds " + snapshot.model().length + " parameters, the model "
                    + wHat.length);
        }
        if (batchesDrawn != 0) {
            throw new IllegalArgumentException("a worker resumes only before its first round");
        }
        System.arraycopy(snapshot.model(), 0, wHat, 0, wHat.length);
        System.arraycopy(snapshot.downlinkMemory(), 0, bigH, 0, bigH.length);
        System.arraycopy(snapshot.uplinkMemory(), 0, h, 0, h.length);
        batches.skip(snapshot.batches());
        batchesDrawn = snapshot.batches();
        random.moveTo(snapshot.compression());
    }

    /** A copy of the local model w_hat. */
    public float[] model() {
        return wHat.clone();
    }
}
