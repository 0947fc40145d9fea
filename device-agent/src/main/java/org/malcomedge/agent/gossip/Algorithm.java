package org.malcomedge.agent.gossip;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.malcomedge.agent.InputException;

/** The decentralized algorithms of DESIGN.md section 4. */
public enum Algorithm {
    /** D-PSGD: publish x_half dense; x_i = sum_j w_ij x_half_j. */
    DPSGD("dpsgd"),
    /** CHOCO-SGD: publish q_i = C(x_half - xhat_i); gossip on the estimates xhat. */
    CHOCO("choco"),
    /** MALCOM-PSGD: CHOCO with the l1 prox after the consensus step. */
    MALCOM("malcom"),
    /**
     * BEER (Zhao et al. 2022): compressed gradient tracking in the CHOCO skeleton. Each node keeps
     * x_i and a tracker v_i of the average gradient, and compressed estimates of both (h for x, g
     * for v), whose residuals travel in one frame.
     */
    BEER("beer"),
    /** BEER with MALCOM's l1 prox (and sparsity cut) after the model's step. */
    MALCOM_BEER("malcom-beer");

    private final String spec;

    Algorithm(String spec) {
        this.spec = spec;
    }

    public String spec() {
        return spec;
    }

    /** The compressor used when none is named (DESIGN.md section 3.4 short names). */
    public String defaultCompressor() {
        return switch (this) {
            case DPSGD -> "dense";
            case CHOCO, BEER -> "qsgd:16";
            case MALCOM, MALCOM_BEER -> "malcom:4";
        };
    }

    /** Frames carry the residual q_i (added to xhat) rather than the model (replacing it). */
    public boolean additive() {
        return this != DPSGD;
    }

    /** x_i goes through {@code prox_{eta*lambda}} (and the sparsity cut) after each step. */
    public boolean hasProx() {
        return this == MALCOM || this == MALCOM_BEER;
    }

    /** Each node tracks the average gradient (v_i, with its compressed estimate g_i in every frame). */
    public boolean tracksGradient() {
        return this == BEER || this == MALCOM_BEER;
    }

    /**
     * @throws InputException for an unknown name
     */
    public static Algorithm parse(String name) {
        for (Algorithm algorithm : values()) {
            if (algorithm.spec.equals(name)) {
                return algorithm;
            }
        }
        throw new InputException("unknown algorithm '" + name + "': expected one of "
                + Arrays.stream(values()).map(Algorithm::spec).collect(Collectors.joining(", ")));
    }
}
