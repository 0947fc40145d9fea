package org.malcomedge.coordinator.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The content of {@code summary.json}: the run's configuration followed by its results, as one
 * flat JSON object with snake_case names (every field of DESIGN.md section 8, nulls included).
 */
public record Summary(@JsonUnwrapped RunInfo info, @JsonUnwrapped RunResults results) {
}
