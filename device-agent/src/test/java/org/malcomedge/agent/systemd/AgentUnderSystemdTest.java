package org.malcomedge.agent.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.link.mqtt.MosquittoPerClass;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;

/**
 * The agent's process as systemd runs it, against the unit file that runs it: READY and STATUS on
 * NOTIFY_SOCKET, and a SIGTERM (systemctl stop) that leaves gracefully and exits with a status
 * the unit counts as success.
 */
class AgentUnderSystemdTest {

    @RegisterExtension
    static MosquittoPerClass broker = new MosquittoPerClass();

    private static final Path UNIT = Path.of("src/deb/files/malcom-agent.service");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theUnitCountsTheSigtermExitAsSuccessAndRestartsOnlyOnFailures() throws Exception {
        List<String> lines = Files.readAllLines(UNIT);
        for (String line : List.of("Type=notify", "NotifyAccess=main", "SuccessExitStatus=143", "Restart=on-failure",
                "RestartPreventExitStatus=2", "Wants=network-online.target time-sync.target")) {
            assertTrue(lines.contains(line), UNIT + " lacks '" + line + "'");
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("WatchdogSec=\\d+(s|min)")), UNIT + " has no WatchdogSec");
        assertTrue(lines.stream().anyMatch(l -> l.matches("MemoryMax=\\d+M")), UNIT + " has no MemoryMax");
        assertTrue(lines.stream().anyMatch(l -> l.matches("MemoryHigh=\\d+M")), UNIT + " has no MemoryHigh");
    }

    @Test
    void sigtermLeavesGracefullyAndExits143AfterReadyAndStatusAndLogsForTheJournal() throws Exception {
        String experiment = "sigterm";
        Path config = Files.writeString(dir.resolve("device.yaml"), "id: n0\nexperiment: " + experiment
                + "\nbroker: {uri: '" + broker.uri() + "'}\ndata: {source: digits}\ncheckpoint: {dir: "
                + dir.resolve("checkpoints") + "}\ntrainer: {backend: java}\n");
        String socket = dir.resolve("notify").toString();
        int systemd = UnixDatagram.bind(socket);
        BlockingQueue<NodeState> states = new LinkedBlockingQueue<>();
        try (MqttLink observer = MqttLink.connect(MqttLinkSettings.of(broker.uri(), "observer", experiment).silent())) {
            observer.subscribe(Topics.state(experiment, "n0"), 1, (topic, payload) -> {
                try {
                    states.add(NodeState.parseFrom(payload));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            });
            ProcessBuilder agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    "org.malcomedge.agent.cli.AgentMain", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
            Path logFile = Files.writeString(dir.resolve("agent.log"), ""); // its stderr: the journal's stand-in
            agent.environment().put("JOURNAL_STREAM", Files.getAttribute(logFile, "unix:dev") + ":"
                    + Files.getAttribute(logFile, "unix:ino"));
            agent.environment().put("NOTIFY_SOCKET", socket);
            agent.environment().put("WATCHDOG_USEC", "180000000");
            Process process = agent.start();
            try {
                List<String> heard = new ArrayList<>();
                awaitDatagram(systemd, m -> m.startsWith("READY=1\n"), heard, process);
                awaitDatagram(systemd, m -> m.equals("STATUS=waiting for the plan of experiment " + experiment), heard, process);
                process.destroy(); // SIGTERM, as systemctl stop sends it
                assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "still running after SIGTERM");
                String log = Files.readString(dir.resolve("agent.log"));
                assertEquals(143, process.exitValue(), log);
                awaitDatagram(systemd, m -> m.startsWith("STOPPING=1\n"), heard, process);
                NodeState left = states.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertTrue(left != null && left.getStatus() == NodeState.Status.LEAVE, "a LEAVE, not a DEATH: " + left);
                assertTrue(log.contains("<6>FleetAgent - n0: connected to " + broker.uri() + "\n"),
                        "journal lines: a priority, no time of their own:\n" + log);
                assertTrue(log.contains("<6>FleetAgent - n0: waiting for the plan of experiment " + experiment + "\n"), log);
            } finally {
                process.destroyForcibly();
            }
        } finally {
            UnixDatagram.close(systemd);
        }
    }

    /** Polls the notify socket until a datagram matches (datagrams it passes are kept in {@code heard}). */
    private static void awaitDatagram(int fd, Predicate<String> wanted, List<String> heard, Process process)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (String message = UnixDatagram.poll(fd); message != null; message = UnixDatagram.poll(fd)) {
                heard.add(message);
            }
            if (heard.stream().anyMatch(wanted)) {
                return;
            }
            if (!process.isAlive() && heard.stream().noneMatch(wanted)) {
                String more = UnixDatagram.poll(fd);
                if (more == null) {
                    fail("the agent exited (" + process.exitValue() + ") before the awaited notification; heard " + heard);
                }
                heard.add(more);
                continue;
            }
            Thread.sleep(20);
        }
        fail("no such notification within " + PATIENCE + "; heard " + heard);
    }
}
