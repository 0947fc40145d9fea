package org.malcomedge.coordinator.sim;

import java.util.Objects;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.star.StarAlgorithm;

/**
 * Everything a simulated star-mode run needs (DESIGN.md section 4, MCM): the {@link Workload}
 * (worker i trains on partition i) and the star part.
 *
 * @param up            C_up, the workers' compressor
 * @param down          C_dwn, the server's compressor (lossless for mcm-uplink)
 * @param alphaUp       uplink memory rate, normally {@code 1/(2(omega_up+1))}
 * @param alphaDown     downlink memory rate, normally {@code 1/(2(omega_dwn+1))}
 * @param participation fraction of workers taking part in each round, in (0, 1]; below 1 only for
 *                      Rand-MCM (the others broadcast one downlink that every worker applies)
 */
public record StarConfig(
        Workload workload,
        StarAlgorithm algorithm,
        Compressor up,
        Compressor down,
        double alphaUp,
        double alphaDown,
        double eta,
        double participation) {

    public StarConfig {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("eta must be a finite value > 0, got " + eta);
        }
        if (!(participation > 0 && participation <= 1)) {
            throw new IllegalArgumentException("participation must be in (0, 1], got " + participation);
        }
        if (participation < 1 && algorithm != StarAlgorithm.RAND_MCM) {
            throw new IllegalArgumentException("partial participation (" + participation + ") is Rand-MCM's; "
                    + algorithm.spec() + " broadcasts one downlink to every worker");
        }
    }

    public int workers() {
        return workload.nodes();
    }
}
