package org.malcomedge.coordinator.cli;

import static org.malcomedge.agent.InputException.orInputError;

import org.malcomedge.coordinator.plan.FleetSettings;
import picocli.CommandLine.Option;

/** How a real fleet runs the experiment (plan, simulate --processes): checkpoints, timeouts, dropouts. */
final class FleetPlanOptions {

    @Option(names = "--checkpoint-every", paramLabel = "K", description = "Rounds between a device's checkpoints [10]")
    int checkpointEvery = FleetSettings.DEFAULTS.checkpointEvery();

    @Option(names = "--round-timeout-ms", paramLabel = "MS",
            description = "How long a device waits in a round for a live neighbour's frame [10000]")
    int roundTimeoutMs = FleetSettings.DEFAULTS.roundTimeoutMs();

    @Option(names = "--dropout-rounds", paramLabel = "T", description = "Rounds without a frame before a neighbour counts as gone [3]")
    int dropoutRounds = FleetSettings.DEFAULTS.dropoutRounds();

    @Option(names = "--inject-loss", paramLabel = "P",
            description = "Testing only: fraction of residual frames each device drops on purpose [0]")
    double injectLoss = FleetSettings.DEFAULTS.injectLoss();

    @Option(names = "--test-samples", paramLabel = "N", description = "Seeded subsample of the test set used for accuracy (0 = all) [0]")
    int testSamples = FleetSettings.DEFAULTS.testSamples();

    FleetSettings settings() {
        return orInputError(() -> new FleetSettings(checkpointEvery, roundTimeoutMs, dropoutRounds, injectLoss, testSamples));
    }
}
