package org.malcomedge.agent.star;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.vector.Vectors;

/**
 * The server of a star-mode run (DESIGN.md section 4, MCM). Each round: {@link #downlink} to the
 * round's participants, then {@link #aggregate} their uplinks:
 * <pre>
 *   aggregate: ghat = mean_{i in S} C_up(Delta_i) + h,   h += alpha_up (1/n) sum_{i in S} C_up(Delta_i),
 *              w = w - eta ghat                                        (the preserved central model)
 *   downlink:  mcm        Omega = C_dwn(w - H),   H += alpha_dwn Omega      (one broadcast)
 *              rand-mcm   Omega_i = C_dwn(w - H_i), H_i += alpha_dwn Omega_i (one per participant)
 *              mcm-uplink w, exactly (the downlink compressor is lossless)
 *              mcm-naive  Omega = C_dwn(w), and w = Omega: no memory, no preserved model
 * </pre>
 * With every worker participating, S = all and the h update is {@code alpha_up mean_i C_up(Delta_i)};
 * with partial participation {@code (1/n) sum_S} keeps h the mean of the workers' h_i, and the mean over
 * S keeps ghat unbiased. Memories start at H = H_i = w_0 and h = 0.
 */
public final class McmServer {

    /**
     * One round's downlink: {@code payloads[k]} goes to participant k. A broadcast (every variant but
     * Rand-MCM) is one message shared by all, published once; Rand-MCM's are one per participant.
     */
    public record Downlink(byte[][] payloads, boolean broadcast, long publishedBits) {
    }

    private final StarAlgorithm algorithm;
    private final Compressor up;
    private final Compressor down;
    private final float alphaUp;
    private final float alphaDown;
    private final float eta;
    private final int workers;

    private final float[] w;
    private final float[] h;
    /** H (one row) or H_i per worker (Rand-MCM). */
    private final float[][] bigH;

    public McmServer(StarAlgorithm algorithm, float[] initialModel, int workers, Compressor up, Compressor down,
            double alphaUp, double alphaDown, double eta) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.up = Objects.requireNonNull(up, "up");
        this.down = Objects.requireNonNull(down, "down");
        if (workers < 1) {
            throw new IllegalArgumentException("a star needs at least one worker, got " + workers);
        }
        this.workers = workers;
        this.alphaUp = (float) alphaUp;
        this.alphaDown = (float) alphaDown;
        this.eta = (float) eta;
        this.w = initialModel.clone();
        this.h = new float[w.length];
        this.bigH = new float[algorithm == StarAlgorithm.RAND_MCM ? workers : 1][];
        for (int i = 0; i < bigH.length; i++) {
            bigH[i] = initialModel.clone();
        }
    }

    /** The downlink to {@code participants} (worker indices), drawing any dither from {@code random} in their order. */
    public Downlink downlink(int[] participants, RandomGenerator random) {
        byte[][] payloads = new byte[participants.length][];
        long bits = 0;
        if (algorithm == StarAlgorithm.RAND_MCM) {
            for (int k = 0; k < participants.length; k++) {
                payloads[k] = compressWithMemory(bigH[participants[k]], random);
                bits += 8L * payloads[k].length;
            }
            return new Downlink(payloads, false, bits);
        }
        byte[] broadcast = switch (algorithm) {
            case MCM -> compressWithMemory(bigH[0], random);
            case MCM_UPLINK -> down.compress(w, random);
            case MCM_NAIVE -> {
                byte[] omega = down.compress(w, random);
                System.arraycopy(down.decompressOwn(omega, w.length), 0, w, 0, w.length);
                yield omega;
            }
            case RAND_MCM -> throw new AssertionError("handled above");
        };
        Arrays.fill(payloads, broadcast);
        return new Downlink(payloads, true, 8L * broadcast.length);
    }

    /** {@code Omega = C_dwn(w - H)}, {@code H += alpha_dwn Omega}. */
    private byte[] compressWithMemory(float[] memory, RandomGenerator random) {
        byte[] omega = down.compress(Vectors.minus(w, memory), random);
        Vectors.axpy(alphaDown, down.decompressOwn(omega, w.length), memory);
        return omega;
    }

    /** Folds the participants' uplinks C_up(Delta_i) into h and takes the step on the preserved model w. */
    public void aggregate(List<byte[]> uplinks) {
        if (uplinks.isEmpty()) {
            return;
        }
        float[] sum = new float[w.length];
        for (byte[] message : uplinks) {
            Vectors.axpy(1f, up.decompressOwn(message, w.length), sum);
        }
        float meanScale = 1f / uplinks.size();
        for (int k = 0; k < w.length; k++) {
            float ghat = meanScale * sum[k] + h[k];
            w[k] -= eta * ghat;
        }
        Vectors.axpy(alphaUp / workers, sum, h);
    }

    /** A copy of the central model w. */
    public float[] model() {
        return w.clone();
    }

    public StarAlgorithm algorithm() {
        return algorithm;
    }
}
