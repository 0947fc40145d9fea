package org.malcomedge.coordinator.cli;

import java.nio.file.Path;
import java.time.Clock;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.coordinator.experiment.Simulation;
import org.malcomedge.coordinator.fleet.ProcessFleet;
import org.malcomedge.coordinator.link.LinkSpec;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a simulated fleet runs on this machine (not part of the experiment's definition). */
final class FleetOptions {

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder [runs/<UTC timestamp>]")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where fetched datasets live [$MALCOM_DATA or ~/.cache/malcom-edge/datasets]")
    Path dataDir;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "Training backend: auto|ort|java [${DEFAULT-VALUE}: ORT, Java where its natives do not load]")
    Backend backend;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads [number of cores]")
    Integer threads;

    @Option(names = "--processes", description = "One agent JVM per node, driven through the broker as a real fleet "
            + "(configs and logs under OUT/agents/)")
    boolean processes;

    @Option(names = "--link", paramLabel = "RATE[:DELAY[:LOSS]]",
            description = "With --processes: each agent in its own network namespace behind a link shaped to this in each "
                    + "direction, e.g. 1mbit, 1mbit:20ms, 250kbit:50ms:1%% (needs root, ip and tc; delay and loss need the "
                    + "kernel's netem)")
    String link;

    @Mixin
    FleetPlanOptions agents;

    Clock clock = Clock.systemUTC();

    Simulation simulation(ExperimentSpec spec) {
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw new InputException("--threads: bad value " + workers + " (at least 1)");
        }
        Path data = dataDir != null ? dataDir : Datasets.defaultDirectory();
        Simulation simulation = new Simulation(spec, data, backend, workers);
        LinkSpec shaped = link == null ? null : InputException.orInputError(() -> LinkSpec.parse(link));
        if (shaped != null && !processes) {
            throw new InputException(LinkSpec.FLAG + " shapes the links of agent processes: it needs --processes");
        }
        return processes
                ? simulation.withProcesses(new Simulation.Processes(agents.settings(), ProcessFleet.Options.standard(data, backend), shaped))
                : simulation;
    }
}
