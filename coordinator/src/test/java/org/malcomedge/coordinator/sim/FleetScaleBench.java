package org.malcomedge.coordinator.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.gossip.Algorithm;
import org.malcomedge.agent.gossip.GossipParameters;
import org.malcomedge.agent.testing.TopKCompressor;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.coordinator.topology.MixingWeights;

/**
 * Rounds per second and heap of the simulated fleet with the test twins (softmax regression on
 * 64-feature, 10-class blobs, d = 650; top-10% compressor), CHOCO on regular:4, 2 threads.
 * Prints a table; asserts nothing about speed or memory, but that every size learns: the blobs
 * are separable, so the mean test accuracy after 30 rounds is at least 0.9 at 64, 256 and 1024 nodes
 * (1.000 each, measured 2026-12-07), on a connected graph (positive spectral gap).
 * {@code mvn -B -q -pl coordinator -am test -Pslow -Dtest=FleetScaleBench -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("slow")
class FleetScaleBench {

    @Test
    void roundsPerSecondAndHeap() {
        // Warm-up so the JIT does not bill the first size.
        new SimulatedFleet(Fleets.config("regular:4", 64, GossipParameters.of(Algorithm.CHOCO, 0.2, 0.5, 0),
                new TopKCompressor(0.1), 30, 2, 2, LinkModel.perfect(), new FleetConfig.Evaluation(10, 200)))
                .run(new FleetListener() { });
        System.out.printf("%6s %8s %10s %14s %14s%n", "nodes", "rounds", "rounds/s", "peak heap MiB", "fleet live MiB");
        for (int n : new int[] {64, 256, 1024}) {
            int rounds = 30;
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            FleetConfig config = Fleets.config("regular:4", n, GossipParameters.of(Algorithm.CHOCO, 0.2, 0.5, 0),
                    new TopKCompressor(0.1), rounds, 1, 2, LinkModel.perfect(), new FleetConfig.Evaluation(10, 200));
            SimulatedFleet fleet = new SimulatedFleet(config);
            FleetResult result = fleet.run(new FleetListener() { });
            double seconds = result.last().elapsedSeconds(); // rounds only, not the spectral gap
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            long live = runtime.totalMemory() - runtime.freeMemory(); // the fleet is still reachable here
            Reference.reachabilityFence(fleet);
            long g0 = System.nanoTime();
            MixingWeights.metropolisHastings(config.topology().graphAt(1)).spectralGap();
            double gapSeconds = (System.nanoTime() - g0) / 1e9;
            System.out.printf("%6d %8d %10.1f %14.1f %14.1f   (accuracy %.3f, spectral gap %.3f in %.2f s)%n", n,
                    rounds, rounds / seconds, peak / 1048576.0, live / 1048576.0, result.last().meanTestAccuracy(),
                    result.spectralGap(), gapSeconds);
            assertTrue(result.last().meanTestAccuracy() >= 0.9, n + " nodes: accuracy " + result.last().meanTestAccuracy());
            assertTrue(result.spectralGap() > 0, n + " nodes: spectral gap " + result.spectralGap());
        }
    }
}
