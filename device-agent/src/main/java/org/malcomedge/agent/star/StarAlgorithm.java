package org.malcomedge.agent.star;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.malcomedge.agent.InputException;

/**
 * The star-mode algorithms (DESIGN.md section 4, MCM): one server, n workers, compressed uplink
 * of gradient differences with memory in every variant; they differ in the downlink.
 */
public enum StarAlgorithm {
    /** MCM: downlink {@code Omega = C_dwn(w - H)} with memory H, the central model w preserved. */
    MCM("mcm"),
    /** Uplink-only compression: the server sends the exact model w. */
    MCM_UPLINK("mcm-uplink"),
    /** Naive bidirectional: the server sends {@code C_dwn(w)} and keeps it as w (no memory, no preserved model). */
    MCM_NAIVE("mcm-naive"),
    /** Rand-MCM: MCM with a downlink memory H_i and an own compression per worker, and partial participation. */
    RAND_MCM("rand-mcm");

    /**
     * The default compressor, both directions: unbiased QSGD (the 1/tau contractive form is biased,
     * and MCM's analysis needs {@code E C(x) = x}).
     */
    public static final String DEFAULT_COMPRESSOR = "qsgd:4:unscaled";
    /** Rand-MCM's partial participation when none is given ({@code --participation}). */
    public static final double RAND_MCM_PARTICIPATION = 0.5;

    private final String spec;

    StarAlgorithm(String spec) {
        this.spec = spec;
    }

    public String spec() {
        return spec;
    }

    /** Whether {@code name} is one of these algorithms. */
    public static boolean isStar(String name) {
        return Arrays.stream(values()).anyMatch(a -> a.spec.equals(name));
    }

    /**
     * @throws InputException for an unknown name
     */
    public static StarAlgorithm parse(String name) {
        for (StarAlgorithm algorithm : values()) {
            if (algorithm.spec.equals(name)) {
                return algorithm;
            }
        }
        throw new InputException("unknown star algorithm '" + name + "': expected one of "
                + Arrays.stream(values()).map(StarAlgorithm::spec).collect(Collectors.joining(", ")));
    }
}
