package org.malcomedge.coordinator.plan;

/**
 * How a real fleet (devices or agent processes) runs an experiment, beyond the experiment's own
 * definition: the {@code ExperimentPlan} fields only real devices need. Validated on construction;
 * a bad value is an IllegalArgumentException whose message names the flag.
 *
 * @param checkpointEvery rounds between a device's checkpoints
 * @param roundTimeoutMs  how long a device waits in a round for a live neighbour's frame
 * @param dropoutRounds   rounds without a frame before a neighbour counts as gone
 * @param injectLoss      testing only: the fraction of residual frames each receiver drops on purpose
 * @param testSamples     seeded subsample of the test set used for accuracy (0 = all of it)
 */
public record FleetSettings(int checkpointEvery, int roundTimeoutMs, int dropoutRounds, double injectLoss, int testSamples) {

    public static final FleetSettings DEFAULTS = new FleetSettings(10, 10_000, 3, 0, 0);

    public FleetSettings {
        require(checkpointEvery >= 1, "--checkpoint-every", checkpointEvery + " (at least 1)");
        require(roundTimeoutMs >= 1, "--round-timeout-ms", roundTimeoutMs + " (at least 1)");
        require(dropoutRounds >= 1, "--dropout-rounds", dropoutRounds + " (at least 1)");
        require(injectLoss >= 0 && injectLoss < 1, "--inject-loss", injectLoss + " (in [0, 1))");
        require(testSamples >= 0, "--test-samples", testSamples + " (0 = the whole test set, or a positive count)");
    }

    private static void require(boolean ok, String flag, String value) {
        if (!ok) {
            throw new IllegalArgumentException(flag + ": bad value " + value);
        }
    }
}
