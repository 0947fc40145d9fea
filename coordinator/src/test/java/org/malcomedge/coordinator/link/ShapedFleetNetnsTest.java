package org.malcomedge.coordinator.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.coordinator.experiment.Simulation;
import org.malcomedge.coordinator.fleet.ProcessFleet;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.plan.FleetSettings;
import org.malcomedge.coordinator.plan.Variant;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.RunResults;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

/**
 * {@code simulate --processes --link}: four agent JVMs, each in its own namespace behind a shaped
 * link, reach the embedded broker on the bridge, finish the run, and leave no namespace or link.
 */
@Tag("netns")
class ShapedFleetNetnsTest {

    private static final int NODES = 4;
    private static final int ROUNDS = 12;

    /** Kept after a failure: the agents' logs say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void needsRootAndIproute2() {
        NetnsSupport.assumeNetnsAvailable();
    }

    @Test
    void fourAgentsBehindShapedLinksFinishAndCleanUp() throws Exception {
        List<String> before = NetnsSupport.namesWithPrefix(Names.PROJECT);
        ExperimentSpec spec = new ExperimentSpec(NODES, "ring", Variant.parse("malcom"), "digits", Optional.empty(), "iid",
                "mlp:16", ROUNDS, 0.1, OptionalDouble.of(0.1), 1e-4, 16, 1, 11, ExperimentSpec.TransportKind.MQTT, Optional.empty(),
                OptionalDouble.empty(), 4, OptionalDouble.empty(), FeatureScaling.STANDARD);
        Simulation.Processes agents = new Simulation.Processes(FleetSettings.DEFAULTS,
                ProcessFleet.Options.standard(Datasets.defaultDirectory(), Backend.JAVA), LinkSpec.parse("2mbit:10ms"));
        RunFolder folder = RunFolder.create(dir.resolve("shaped"), Clock.systemUTC());
        RunResults results = new Simulation(spec, Datasets.defaultDirectory(), Backend.JAVA, 2).withProcesses(agents)
                .run(folder, Simulation.Progress.NONE).results();

        assertEquals(ROUNDS, results.lastRound());
        assertNotNull(results.finalTestAccuracy());
        assertTrue(results.finalTestAccuracy() > 0.2, "learns (chance is 0.1): " + results.finalTestAccuracy());
        assertTrue(Files.readString(folder.dir().resolve("agents/n0.yaml")).contains("tcp://10."), "agents reach the bridge");
        List<String> rounds = Files.readAllLines(folder.dir().resolve(RunFolder.ROUNDS_CSV));
        assertTrue(rounds.get(0).endsWith(",elapsed_seconds,gamma"), rounds.get(0));
        assertTrue(rounds.get(1).endsWith(",0.1"), "each agent reports its step: " + rounds.get(1));
        assertEquals(before, NetnsSupport.namesWithPrefix(Names.PROJECT), "nothing of the run is left");
    }
}
