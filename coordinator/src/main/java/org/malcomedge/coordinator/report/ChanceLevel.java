package org.malcomedge.coordinator.report;

/**
 * Whether a run learned next to nothing: its final accuracy is below chance {@code 1/C} plus
 * {@value #GAIN} of the way from chance to a perfect score, {@code 1/C + GAIN (1 - 1/C)}
 * (37.5 % with 6 classes, 32.5 % with 10). A run there has usually not diverged (its loss stays
 * near ln C), so nothing else would tell the user that it is no result: raw-scale features, a
 * step size far too small, a label-skewed node set that never mixed.
 */
final class ChanceLevel {

    static final double GAIN = 0.25;

    private ChanceLevel() {
    }

    /** Null when the class count or the final accuracy is unknown. */
    static Boolean endedNear(Double finalAccuracy, Integer classes) {
        if (finalAccuracy == null || classes == null || classes < 2) {
            return null;
        }
        return finalAccuracy < bound(classes);
    }

    /** The accuracy below which a run with {@code classes} classes counts as near chance. */
    static double bound(int classes) {
        double chance = 1.0 / classes;
        return chance + GAIN * (1 - chance);
    }
}
