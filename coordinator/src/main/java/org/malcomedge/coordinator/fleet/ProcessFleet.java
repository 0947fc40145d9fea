package org.malcomedge.coordinator.fleet;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.coordinator.plan.DeviceYaml;
import org.malcomedge.coordinator.plan.FleetPlan;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

/**
 * A real fleet on this machine ({@code simulate --processes}): one device.yaml per node under
 * {@code agentsDir}, one agent JVM per node ({@link AgentProcesses}), driven through the broker
 * exactly as {@code run} drives devices ({@link FleetRun}). Agents are killed on {@link #close()}.
 */
public final class ProcessFleet implements AutoCloseable {

    /**
     * @param agentBroker   the broker URI written into each agent's device.yaml (per agent, e.g. an
     *                      address reachable from the agent's network namespace); null: the run's broker
     * @param deviceTimeout how long to wait for every agent's BIRTH (JVM start, dataset load)
     */
    public record Options(AgentProcesses.Launch launch, Function<String, URI> agentBroker, Path dataDir, Backend backend,
                          Duration deviceTimeout, Duration awayLimit) {
        public static Options standard(Path dataDir, Backend backend) {
            return new Options(AgentProcesses.Launch.standard(), null, dataDir, backend, Duration.ofMinutes(3),
                    FleetRun.DEFAULT_AWAY_LIMIT);
        }

        public Options withAwayLimit(Duration limit) {
            return new Options(launch, agentBroker, dataDir, backend, deviceTimeout, limit);
        }
    }

    private final FleetPlan plan;
    private final URI broker;
    private final Options options;
    private final AgentProcesses agents;

    private ProcessFleet(FleetPlan plan, URI broker, Options options, AgentProcesses agents) {
        this.plan = plan;
        this.broker = broker;
        this.options = options;
        this.agents = agents;
    }

    /** Writes the agents' configs and starts them; they connect and wait for the plan. */
    public static ProcessFleet start(FleetPlan plan, URI broker, Path agentsDir, Options options) throws IOException {
        Files.createDirectories(agentsDir);
        Map<String, Path> configs = new LinkedHashMap<>();
        for (String id : plan.nodeIds()) {
            URI agentBroker = options.agentBroker() == null ? broker : options.agentBroker().apply(id);
            Path file = agentsDir.resolve(id + ".yaml").toAbsolutePath();
            new DeviceYaml(id, plan.experiment(), agentBroker, Optional.empty(), Optional.empty(), Optional.empty(),
                    plan.spec().dataset(), plan.spec().label(), Optional.of(options.dataDir().toAbsolutePath()),
                    agentsDir.resolve(id + "-checkpoints").toAbsolutePath(), plan.settings().checkpointEvery(),
                    options.backend(), 1).write(file);
            configs.put(id, file);
        }
        return new ProcessFleet(plan, broker, options, AgentProcesses.start(options.launch(), configs, agentsDir));
    }

    public AgentProcesses agents() {
        return agents;
    }

    /**
     * The run that drives these agents; it fails early (naming the agent and its log) when one exits
     * with an error.
     */
    public FleetRun fleetRun(Optional<Standardization> scaling, Optional<FleetRun.Scorer> scorer) {
        FleetRun run = new FleetRun(plan, scaling, MqttLinkSettings.of(broker, FleetPlan.COORDINATOR, plan.experiment()),
                options.deviceTimeout(), options.awayLimit(), scorer);
        return run.watching(() -> {
            List<String> failed = agents.failed();
            if (!failed.isEmpty()) {
                throw new FleetRunException("agent " + String.join(", ", failed) + " failed");
            }
        });
    }

    @Override
    public void close() {
        agents.close();
    }
}
