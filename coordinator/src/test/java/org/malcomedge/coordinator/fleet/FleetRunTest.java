package org.malcomedge.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.link.mqtt.MosquittoPerClass;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.coordinator.experiment.Simulation;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.coordinator.plan.FleetSettings;
import org.malcomedge.coordinator.plan.PlanFixtures;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.RunResults;
import org.malcomedge.coordinator.report.Summary;
import org.malcomedge.coordinator.sim.CollectingListener;
import org.malcomedge.coordinator.sim.FleetListener;
import org.malcomedge.coordinator.sim.FleetResult;

/** The coordinator's side of the fleet contract against fake devices on a real Mosquitto. */
class FleetRunTest {

    @RegisterExtension
    static MosquittoPerClass broker = new MosquittoPerClass();

    @TempDir
    Path dir;

    private FleetRun run(FleetPlan plan, Duration deviceTimeout) {
        return new FleetRun(plan, Optional.empty(), MqttLinkSettings.of(broker.uri(), FleetPlan.COORDINATOR, plan.experiment()),
                deviceTimeout, Duration.ofSeconds(5), Optional.of(model -> model[0] / 10.0));
    }

    @Test
    void collectsEveryNodesReportsIntoTheRunFolder() throws Exception {
        FleetPlan plan = PlanFixtures.ring("collect", 4, 5, FleetSettings.DEFAULTS);
        List<FakeDevice> devices = new ArrayList<>();
        try {
            for (String id : plan.nodeIds()) {
                devices.add(FakeDevice.start(broker.uri(), plan.experiment(), id));
            }
            RunFolder folder = RunFolder.create(dir.resolve("run"), java.time.Clock.systemUTC());
            Summary summary = Simulation.record(plan, run(plan, Duration.ofSeconds(10)), Optional.empty(), folder,
                    Simulation.Progress.NONE);
            for (FakeDevice device : devices) {
                device.done().get(10, TimeUnit.SECONDS);
            }
            RunResults r = summary.results();
            assertEquals(5, r.lastRound());
            assertEquals(0.505, r.finalTestAccuracy(), 1e-9);
            assertEquals(4 * 5 * 1000L, r.totalPayloadBits());
            assertEquals(4 * 5 * 200L, r.totalSocketBytes());
            // final models are all-0, all-1, all-2, all-3: xbar = 1.5 everywhere
            assertEquals(0.15, r.finalAvgModelAccuracy(), 1e-6);
            assertEquals((2.25 + 0.25 + 0.25 + 2.25) * 3 / 4, r.consensusDistance(), 1e-6);
            String rounds = java.nio.file.Files.readString(folder.dir().resolve(RunFolder.ROUNDS_CSV));
            assertEquals(1 + 4 * 5, rounds.lines().count(), rounds);
            assertTrue(java.nio.file.Files.exists(folder.dir().resolve("plan.yaml")));
            assertTrue(java.nio.file.Files.exists(folder.dir().resolve(RunFolder.REPORT_HTML)));
        } finally {
            devices.forEach(FakeDevice::close);
        }
    }

    @Test
    void stopAsksTheDevicesToLeaveAndTheRunEndsWithTheRoundsTheyRan() throws Exception {
        FleetPlan plan = PlanFixtures.ring("stopped", 3, 50, FleetSettings.DEFAULTS);
        List<FakeDevice> devices = new ArrayList<>();
        try {
            for (String id : plan.nodeIds()) {
                devices.add(FakeDevice.start(broker.uri(), plan.experiment(), id, 3));
            }
            FleetRun run = run(plan, Duration.ofSeconds(10));
            CollectingListener listener = new CollectingListener();
            java.util.concurrent.CompletableFuture<FleetResult> result = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> FleetRun.unchecked(() -> run.run(listener)));
            for (FakeDevice device : devices) {
                device.done().get(10, TimeUnit.SECONDS); // three rounds reported, now stalled
            }
            run.stop();
            FleetResult finished = result.get(10, TimeUnit.SECONDS);
            assertEquals(3, finished.rounds().size());
            assertEquals(9, listener.nodes.size());
        } finally {
            devices.forEach(FakeDevice::close);
        }
    }

    @Test
    void aMissingDeviceIsNamedAfterTheTimeout() throws Exception {
        FleetPlan plan = PlanFixtures.ring("missing", 3, 5, FleetSettings.DEFAULTS);
        try (FakeDevice n0 = FakeDevice.start(broker.uri(), plan.experiment(), "n0");
             FakeDevice n2 = FakeDevice.start(broker.uri(), plan.experiment(), "n2")) {
            FleetRunException e = assertThrows(FleetRunException.class,
                    () -> run(plan, Duration.ofSeconds(1)).run(new FleetListener() { }));
            assertEquals("no BIRTH from 1 of 3 devices within 1 s: n1", e.getMessage());
        }
    }
}
