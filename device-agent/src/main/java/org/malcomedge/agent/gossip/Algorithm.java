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
    MALCOM("malcom");

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
            case CHOCO -> "qsgd:16";
            case MALCOM -> "malcom:4";
        };
    }

    /** Frames carry the residual q_i (added to xhat) rather than the model (replacing it). */
    public boolean additive() {
        return this != DPSGD;
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
