package org.malcomedge.agent.data;

import java.util.Locale;
import org.malcomedge.agent.InputException;

/**
 * How features reach the model (DESIGN.md section 6): {@code standard}, each feature standardized
 * with statistics of the nodes' training shares ({@link Standardization}); or {@code raw}, as the
 * dataset stores them (digits in [0, 1], MNIST-style pixels in [0, 1], CSV cells as written).
 */
public enum FeatureScaling {
    STANDARD, RAW;

    /** The spec as written on the command line and in plan.yaml. */
    public String spec() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InputException naming {@code field} for anything but standard or raw */
    public static FeatureScaling parse(String spec, String field) {
        for (FeatureScaling scaling : values()) {
            if (scaling.spec().equals(spec.strip())) {
                return scaling;
            }
        }
        throw new InputException(field + ": '" + spec + "' is not standard or raw");
    }
}
