package org.malcomedge.agent.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.device.FleetAgent;
import org.malcomedge.agent.systemd.Notifier;
import org.malcomedge.firmware.config.ConfigException;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.config.DeviceConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar malcom-agent.jar}: runs one device of a fleet. Exit status: 0 when the plan's
 * rounds are done (or it left on STOP), 2 for a bad config or a plan this device cannot run (one
 * line naming it; restarting does not help), 1 for a failure during the run, 143 after SIGTERM
 * (it left gracefully: the JVM's status for a TERM signal, which the unit counts as success).
 * An unreachable broker is waited for, not an exit.
 */
@Command(name = "malcom-agent", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Runs one MALCOM-Edge device: trains locally and gossips compressed residuals over MQTT.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the plan's rounds are done, or it left on STOP", "1:a failure during the run",
            "2:a bad config or usage, or a plan this device cannot run (restarting does not help)",
            "143:stopped by SIGTERM, after leaving gracefully"},
        subcommands = {AgentMain.CheckConfig.class, SelftestCommand.class})
public final class AgentMain implements Callable<Integer> {

    /** How long a shutdown waits for the current round to end and LEAVE to go out. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    @Option(names = "--config", paramLabel = "FILE", description = "Device config (YAML), e.g. /etc/malcom-edge/device.yaml")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        if (config == null) {
            throw new InputException("--config FILE is required (an annotated example: firmware-config/examples/device.yaml)");
        }
        DeviceConfig device = CheckConfig.load(config);
        FleetAgent agent = new FleetAgent(device, Notifier.fromEnvironment());
        // SIGTERM (systemctl stop, Ctrl-C): leave gracefully, i.e. finish the round and publish LEAVE.
        CountDownLatch done = new CountDownLatch(1);
        Thread leaveOnShutdown = new Thread(() -> {
            agent.leave();
            try {
                done.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "leave-on-shutdown");
        Runtime.getRuntime().addShutdownHook(leaveOnShutdown);
        try {
            agent.run();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(leaveOnShutdown);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it sees done and returns
            }
        }
        return Cli.OK;
    }

    /** {@code malcom-agent check-config FILE}: validates a device config and prints every problem. */
    @Command(name = "check-config", mixinStandardHelpOptions = true,
            description = "Validates a device config; prints every problem with its field and line.")
    static final class CheckConfig implements Callable<Integer> {

        @CommandLine.Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            DeviceConfig device = load(file);
            System.out.println(file + ": ok (node " + device.id() + ", experiment " + device.experiment()
                    + ", broker " + device.broker().uri() + ")");
            return Cli.OK;
        }

        static DeviceConfig load(Path file) {
            try {
                return DeviceConfigLoader.load(file);
            } catch (ConfigException e) {
                throw new InputException(e.getMessage());
            }
        }
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new CommandLine(new AgentMain()), args));
    }
}
