package org.malcomedge.agent.star;

import static org.malcomedge.agent.InputException.orInputError;

import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.codec.TensorLayout;

/**
 * The compressors and memory rates of a star run (DESIGN.md section 4, MCM), derived from the one
 * compressor a plan names, so that the simulator, the coordinator's server and every device's
 * worker derive the same: C_up is the named compressor, C_dwn the same (mcm-uplink: {@code dense},
 * the exact model), and {@code alpha = 1/(2(omega+1))} per direction.
 */
public record StarCodecs(Compressor up, Compressor down, double alphaUp, double alphaDown) {

    /**
     * @param upSpec    the plan's compressor spec (C_up)
     * @param tensors   the model's parameter tensors (one scale each; omega depends on the size)
     * @throws org.malcomedge.agent.InputException for an unknown or biased compressor
     */
    public static StarCodecs of(StarAlgorithm algorithm, String upSpec, TensorLayout tensors) {
        int dimension = tensors.dimension(); // omega of the whole vector bounds that of every tensor
        Compressor up = orInputError(() -> Compressors.parse(upSpec)).forLayout(tensors);
        Compressor down = algorithm == StarAlgorithm.MCM_UPLINK ? Compressors.parse("dense") : up;
        double alphaUp = orInputError(() -> Variance.alpha(Variance.omega(up, dimension)));
        double alphaDown = orInputError(() -> Variance.alpha(Variance.omega(down, dimension)));
        return new StarCodecs(up, down, alphaUp, alphaDown);
    }

    /** Whether the downlink carries Omega into a memory H (MCM, Rand-MCM) rather than the model itself. */
    public static boolean downlinkMemory(StarAlgorithm algorithm) {
        return algorithm == StarAlgorithm.MCM || algorithm == StarAlgorithm.RAND_MCM;
    }
}
