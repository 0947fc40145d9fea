package org.malcomedge.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentProcessesTest {

    @TempDir
    Path dir;

    @Test
    void eachAgentIsAJvmOnItsConfigThroughItsWrapper() {
        Path config = dir.resolve("n0.yaml");
        AgentProcesses.Launch launch = AgentProcesses.Launch.standard().wrapped(id -> command -> {
            List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", "ns-" + id));
            wrapped.addAll(command);
            return wrapped;
        });
        List<String> command = AgentProcesses.command(launch, "n0", config);
        assertEquals(List.of("ip", "netns", "exec", "ns-n0"), command.subList(0, 4));
        assertTrue(command.get(4).endsWith("/bin/java"), command.toString());
        assertEquals(List.of(AgentProcesses.MAIN_CLASS, "--config", config.toString()),
                command.subList(command.size() - 3, command.size()));
    }

    @Test
    void killEndsTheWholeProcessTreeAndIsNoFailure() throws Exception {
        AgentProcesses.Launch sleeper = AgentProcesses.Launch.standard()
                .wrapped(id -> command -> List.of("sh", "-c", "sleep 60 & sleep 60"));
        try (AgentProcesses agents = AgentProcesses.start(sleeper, Map.of("n1", dir.resolve("n1.yaml")), dir)) {
            Process process = agents.process("n1").orElseThrow();
            Thread.sleep(200);
            List<ProcessHandle> children = process.descendants().toList();
            assertFalse(children.isEmpty());
            agents.kill("n1");
            assertTrue(process.waitFor(5, TimeUnit.SECONDS));
            children.forEach(child -> assertFalse(child.isAlive(), "child " + child.pid()));
            assertEquals(List.of(), agents.failed());
            agents.start("n1");
            assertTrue(agents.process("n1").orElseThrow().isAlive());
        }
    }
}
