package org.malcomedge.coordinator.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device agent per JVM on this machine ({@code simulate --processes}, fleet contract):
 * {@code java -cp <this classpath> org.malcomedge.agent.cli.AgentMain --config DIR/ID.yaml}, output
 * to {@code DIR/ID.log}. Each agent's command goes through a per-agent wrapper (identity by
 * default), so that radio-shaped links can run an agent under {@code ip netns exec NS}. Agents and
 * everything they started are killed on {@link #close()} (also from a shutdown hook, so Ctrl-C or
 * an exception never leaves agents behind).
 */
public final class AgentProcesses implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentProcesses.class);
    public static final String MAIN_CLASS = "org.malcomedge.agent.cli.AgentMain";
    /**
     * The serial collector and the client compiler only: n agents emulating n devices share a few
     * cores, and n C2 compilers warming up at once took the CPU the rounds need (8 agents, 2 cores,
     * fashion-mnist mlp:32, 80 rounds: 76.8 ms per round with C2, 46.7 ms without; a device's own
     * JVM keeps C2, see the systemd unit). The default thread stack, no smaller: ONNX
     * Runtime's native initialisation overflows a 512 KB stack in native code, which the JVM cannot
     * turn into a StackOverflowError (SIGSEGV, exit 139, no hs_err file). The agents once ran with
     * -Xss512k and, because Trainers probed ORT before looking at the backend, loaded ORT even with
     * {@code backend: java}; reproduced with {@code malcom-agent selftest --backend ort} under
     * -Xss512k (exit 139) and 1 MB (exit 0).
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** How agents are started. */
    public record Launch(List<String> jvmOptions, Function<String, UnaryOperator<List<String>>> wrapperFor) {
        public static Launch standard() {
            return new Launch(JVM_OPTIONS, id -> UnaryOperator.identity());
        }

        /** The same with this per-agent command wrapper (e.g. {@code ip netns exec NS} before the command). */
        public Launch wrapped(Function<String, UnaryOperator<List<String>>> wrappers) {
            return new Launch(jvmOptions, wrappers);
        }
    }

    private final Launch launch;
    private final Map<String, Path> configs;
    private final Path logDir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** Processes killed on purpose: their exit status is no failure. */
    private final java.util.Set<Process> killed = new java.util.HashSet<>();
    private final Thread hook = new Thread(this::killAll, "kill-agents");

    private AgentProcesses(Launch launch, Map<String, Path> configs, Path logDir) {
        this.launch = launch;
        this.configs = new LinkedHashMap<>(configs);
        this.logDir = logDir;
    }

    /**
     * Starts one agent per config.
     *
     * @param configs node id -> its device.yaml
     * @param logDir  where {@code ID.log} goes
     */
    public static AgentProcesses start(Launch launch, Map<String, Path> configs, Path logDir) {
        AgentProcesses agents = new AgentProcesses(launch, configs, logDir);
        Runtime.getRuntime().addShutdownHook(agents.hook);
        try {
            for (String id : configs.keySet()) {
                agents.start(id);
            }
        } catch (RuntimeException e) {
            agents.close();
            throw e;
        }
        return agents;
    }

    /** The command that starts agent {@code id} on {@code config}, its wrapper applied. */
    static List<String> command(Launch launch, String id, Path config) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch.jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add("--config");
        command.add(config.toString());
        return launch.wrapperFor().apply(id).apply(List.copyOf(command));
    }

    /** Starts (or starts again, after {@link #kill}) agent {@code id}; output is appended to its log. */
    public synchronized void start(String id) {
        if (!configs.containsKey(id)) {
            throw new IllegalArgumentException("no agent '" + id + "'");
        }
        Process running = processes.get(id);
        if (running != null && running.isAlive()) {
            throw new IllegalStateException("agent " + id + " is running already");
        }
        try {
            Process process = new ProcessBuilder(command(launch, id, configs.get(id))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(id + ".log").toFile())).start();
            processes.put(id, process);
            log.debug("agent {} started as pid {}", id, process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start agent " + id + ": " + e.getMessage(), e);
        }
    }

    /** Kills agent {@code id} and its process tree at once (SIGKILL), as a power cut would. */
    public synchronized void kill(String id) {
        Optional.ofNullable(processes.get(id)).ifPresent(process -> {
            killed.add(process);
            killTree(process);
        });
    }

    /** The agent's process (for its exit status), if started. */
    public synchronized Optional<Process> process(String id) {
        return Optional.ofNullable(processes.get(id));
    }

    /** Agents that exited with a status other than 0, as "id (status)". */
    public synchronized List<String> failed() {
        List<String> failed = new ArrayList<>();
        processes.forEach((id, p) -> {
            if (!p.isAlive() && p.exitValue() != 0 && !killed.contains(p)) {
                failed.add(id + " (exit " + p.exitValue() + ", see " + logDir.resolve(id + ".log") + ")");
            }
        });
        return failed;
    }

    public Path log(String id) {
        return logDir.resolve(id + ".log");
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void killAll() {
        killed.addAll(processes.values());
        processes.values().forEach(AgentProcesses::killTree);
    }

    private static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.warn("process {} did not end within 5 s of SIGKILL", handle.pid());
            }
        }
    }
}
