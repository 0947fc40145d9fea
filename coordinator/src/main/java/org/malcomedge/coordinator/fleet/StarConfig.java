package org.malcomedge.coordinator.fleet;

import java.util.Objects;
import java.util.function.Supplier;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.star.StarAlgorithm;
import org.malcomedge.agent.train.Trainer;

/**
 * Everything a simulated star-mode run needs (DESIGN.md section 4, MCM). Worker i trains on rows
 * {@code partitions[i]} of the shared {@code train} set.
 *
 * @param up            C_up, the workers' compressor
 * @param down          C_dwn, the server's compressor (lossless for mcm-uplink)
 * @param alphaUp       uplink memory rate, normally {@code 1/(2(omega_up+1))}
 * @param alphaDown     downlink memory rate, normally {@code 1/(2(omega_dwn+1))}
 * @param participation fraction of workers taking part in each round (1 except for Rand-MCM)
 */
public record StarConfig(
        String experiment,
        StarAlgorithm algorithm,
        Compressor up,
        Compressor down,
        double alphaUp,
        double alphaDown,
        double eta,
        double participation,
        Supplier<Trainer> trainers,
        Dataset train,
        int[][] partitions,
        Dataset test,
        float[] initialModel,
        int batch,
        int rounds,
        long seed,
        FleetConfig.Evaluation evaluation,
        int threads) {

    public StarConfig {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
        Objects.requireNonNull(trainers, "trainers");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(initialModel, "initialModel");
        Objects.requireNonNull(evaluation, "evaluation");
        for (int i = 0; i < partitions.length; i++) {
            if (partitions[i].length == 0) {
                throw new IllegalArgumentException("worker n" + i + " has no training rows");
            }
        }
        if (!(eta > 0) || batch < 1 || rounds < 1 || threads < 1 || partitions.length < 1) {
            throw new IllegalArgumentException("eta, batch, rounds, threads and workers must be positive, got " + eta
                    + ", " + batch + ", " + rounds + ", " + threads + ", " + partitions.length);
        }
    }

    public int workers() {
        return partitions.length;
    }
}
