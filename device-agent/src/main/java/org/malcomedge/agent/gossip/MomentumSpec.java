package org.malcomedge.agent.gossip;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which momentum a node's local step takes, and how much ({@code --momentum BETA},
 * {@code --momentum-kind}); {@code beta = 0} is none. The rules are {@link Momentum}'s.
 *
 * @param kind heavy-ball (DSGDm) or quasi-global (QG-DSGDm)
 * @param beta in [0, 1)
 */
public record MomentumSpec(Kind kind, double beta) {

    /**
     * Heavy-ball: quasi-global diverges with the compressed algorithms' consensus step (device-agent
     * README, "Momentum").
     */
    public static final Kind DEFAULT_KIND = Kind.HEAVY_BALL;

    /** Plain SGD steps. */
    public static final MomentumSpec NONE = new MomentumSpec(DEFAULT_KIND, 0);

    /** Which buffer the step follows. */
    public enum Kind {
        /** {@code m = beta m + d}: the node's own past directions. */
        HEAVY_BALL("heavy-ball"),
        /** {@code mhat} of the model's past moves, gossip included (Lin et al. 2021). */
        QUASI_GLOBAL("quasi-global");

        private final String spec;

        Kind(String spec) {
            this.spec = spec;
        }

        public String spec() {
            return spec;
        }

        /** {@code heavy-ball} or {@code quasi-global}; anything else an IllegalArgumentException listing both. */
        public static Kind parse(String spec) {
            for (Kind kind : values()) {
                if (kind.spec.equals(spec)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("'" + spec + "' is not one of "
                    + Arrays.stream(values()).map(Kind::spec).collect(Collectors.joining(", ")));
        }
    }

    public MomentumSpec {
        Objects.requireNonNull(kind, "kind");
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("must be in [0, 1) (0 for none), got " + beta);
        }
    }

    public boolean isNone() {
        return beta == 0;
    }

    @Override
    public String toString() {
        return isNone() ? "none" : kind.spec() + " " + beta;
    }
}
