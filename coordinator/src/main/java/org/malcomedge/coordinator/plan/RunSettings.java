package org.malcomedge.coordinator.plan;

import java.util.Optional;
import java.util.OptionalDouble;
import org.malcomedge.agent.InputException;

/**
 * One run of a compare's runs file ({@link RunsFile}): what it runs, the label its folder, table row
 * and report line carry, and the step sizes it sets itself; the flags give everything else.
 *
 * @param where  {@code FILE:LINE} of the run's entry, for errors found when the run meets the flags
 * @param gamma  present: this run's consensus step (empty inside: auto); absent: the flag's
 */
public record RunSettings(String label, Variant variant, OptionalDouble eta, Optional<OptionalDouble> gamma,
                          OptionalDouble lambda, String where) {

    /** A run of {@code --runs}: labelled by its variant, every setting from the flags. */
    public static RunSettings of(Variant variant) {
        return new RunSettings(variant.toString(), variant, OptionalDouble.empty(), Optional.empty(),
                OptionalDouble.empty(), "--runs");
    }

    /** {@code base} (the flags' experiment for this run's variant) with this run's step sizes. */
    public ExperimentSpec applyTo(ExperimentSpec base) {
        try {
            return base.withSteps(eta.orElse(base.eta()), gamma.orElse(base.gamma()), lambda.orElse(base.lambda()));
        } catch (IllegalArgumentException e) {
            // the spec names its flag (--gamma: ...); in the file the field is the key (gamma: ...)
            String message = e.getMessage().startsWith("--") ? e.getMessage().substring(2) : e.getMessage();
            throw new InputException(where + ": " + message, e);
        }
    }
}
