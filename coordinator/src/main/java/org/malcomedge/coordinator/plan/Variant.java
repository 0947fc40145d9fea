package org.malcomedge.coordinator.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.star.StarAlgorithm;

/**
 * One run of a comparison: an algorithm and, optionally, its compressor, written
 * {@code ALGORITHM[:COMPRESSOR]} (DESIGN.md section 8), e.g. {@code malcom}, {@code choco:qsgd:16},
 * {@code choco:topk:0.01+qsgd:4+range}. Without a compressor the algorithm's default is used.
 */
public record Variant(String algorithm, Optional<String> compressor) {

    /** The gossip algorithms and the star ones. */
    public static final Set<String> ALGORITHMS = Stream.concat(Arrays.stream(Algorithm.values()).map(Algorithm::spec),
            Arrays.stream(StarAlgorithm.values()).map(StarAlgorithm::spec)).collect(Collectors.toUnmodifiableSet());

    public Variant {
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("algorithm '" + algorithm + "' is not one of "
                    + String.join(", ", ALGORITHMS.stream().sorted().toList()));
        }
        compressor.ifPresent(spec -> {
            if (spec.isBlank()) {
                throw new IllegalArgumentException("algorithm '" + algorithm + ":' needs a compressor after the colon");
            }
        });
    }

    /** Parses {@code ALGORITHM[:COMPRESSOR]}. */
    public static Variant parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        return colon < 0 ? new Variant(trimmed, Optional.empty())
                : new Variant(trimmed.substring(0, colon), Optional.of(trimmed.substring(colon + 1)));
    }

    /** Parses a {@code ;}-separated list; empty entries are errors, so is a repeated run. */
    public static List<Variant> parseList(String text) {
        List<Variant> variants = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty run in '" + text + "' (runs are separated by ';')");
            }
            Variant variant = parse(part);
            if (variants.contains(variant)) {
                throw new IllegalArgumentException("run '" + variant + "' is given twice");
            }
            variants.add(variant);
        }
        return List.copyOf(variants);
    }

    /** A name safe as a folder name, e.g. {@code choco_topk_0.01+qsgd_4+range}. */
    public String folderName() {
        return toString().replace(':', '_');
    }

    @Override
    public String toString() {
        return compressor.map(spec -> algorithm + ":" + spec).orElse(algorithm);
    }
}
