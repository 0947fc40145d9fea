package org.malcomedge.coordinator.cli;

import java.util.Optional;
import org.malcomedge.agent.InputException;
import org.malcomedge.coordinator.plan.Variant;
import picocli.CommandLine.Option;

/** The algorithm and compressor of one run ({@code simulate}, {@code plan}). */
final class VariantOptions {

    @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "malcom",
            description = "dpsgd|choco|malcom|beer|malcom-beer (decentralized), mcm|mcm-uplink|mcm-naive|rand-mcm (star, server + --nodes workers) [${DEFAULT-VALUE}]")
    String algorithm;

    @Option(names = "--compressor", paramLabel = "SPEC",
            description = "Compressor (DESIGN.md 3.4): dense, malcom:S, qsgd:S, topk:F or SPARSIFIER+QUANTIZER+CODER "
                    + "[dpsgd: dense, choco: qsgd:16, malcom: malcom:4; mcm family: qsgd:4:unscaled, an unbiased compressor]")
    String compressor;

    /** The variant named by the flags; a bad name is one input error. */
    Variant toVariant() {
        return InputException.orInputError(() -> new Variant(algorithm, Optional.ofNullable(compressor)));
    }
}
