package org.malcomedge.coordinator.report;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The target of a {@code compare} without {@code --target-accuracy}: the headline asks what each
 * run needs to reach D-PSGD's accuracy, so the target is {@value #FRACTION} x the final accuracy
 * of the {@code dpsgd} run when the set has one (the best, when several), else {@value #FRACTION}
 * x the best run's final accuracy. Final accuracy is {@code final_test_accuracy} (mean over nodes
 * of each node's model on the test set); runs without one (NaN) are passed over.
 *
 * @param accuracy    the target in [0, 1]
 * @param description how it was chosen, for the table's first line
 */
record DefaultTarget(double accuracy, String description) {

    static final double FRACTION = 0.98;
    static final String REFERENCE_ALGORITHM = "dpsgd";

    /** The default target of these runs; empty when none has a final accuracy. */
    static Optional<DefaultTarget> of(List<RunRecord> runs) {
        Optional<Double> reference = bestFinal(runs, run -> REFERENCE_ALGORITHM.equals(run.info().algorithm()));
        if (reference.isPresent()) {
            return Optional.of(new DefaultTarget(FRACTION * reference.get(),
                    FRACTION + " x " + REFERENCE_ALGORITHM + "'s final accuracy " + CompareTable.percent(reference.get())));
        }
        return bestFinal(runs, run -> true).map(best -> new DefaultTarget(FRACTION * best,
                FRACTION + " x the best run's final accuracy " + CompareTable.percent(best) + ", no dpsgd run in the set"));
    }

    private static Optional<Double> bestFinal(List<RunRecord> runs, Predicate<RunRecord> which) {
        return runs.stream().filter(which).map(run -> run.summary().results().finalTestAccuracy())
                .filter(a -> a != null && !a.isNaN()).max(Double::compare);
    }
}
