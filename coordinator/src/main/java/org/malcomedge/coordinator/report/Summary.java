package org.malcomedge.coordinator.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * The content of {@code summary.json}: the run's configuration followed by its results, as one
 * flat JSON object with snake_case names (every field of DESIGN.md section 8, nulls included).
 */
public record Summary(@JsonUnwrapped RunInfo info, @JsonUnwrapped RunResults results) {

    /** This summary as summary.json holds it (the machine-readable result of {@code simulate --json}). */
    public String toJson() {
        return SummaryJson.text(this);
    }

    /** Several summaries as one JSON array, in the given order ({@code compare --json}). */
    public static String toJson(List<Summary> summaries) {
        return SummaryJson.text(summaries);
    }
}
