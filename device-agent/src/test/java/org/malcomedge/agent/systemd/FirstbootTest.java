package org.malcomedge.agent.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb's firstboot script on folders standing in for the boot partition and /etc/malcom-edge,
 * with the real {@code check-config} and a systemctl that only records: whatever happens, no
 * secret stays on the boot partition.
 */
class FirstbootTest {

    private static final Path SCRIPT = Path.of("src/deb/files/firstboot");
    private static final String SECRET = "s3cret-broker-password";

    @TempDir
    Path dir;
    Path boot;
    Path conf;

    @BeforeEach
    void folders() throws IOException {
        boot = Files.createDirectories(dir.resolve("boot/malcom-edge"));
        conf = Files.createDirectories(dir.resolve("etc/malcom-edge"));
        Files.writeString(boot.resolve("README.txt"), "put device.yaml here\n");
        Files.writeString(conf.resolve("device.yaml"), "# the previous config\n");
    }

    private static String yaml(String uri) {
        return "id: n0\nexperiment: e\nbroker:\n  uri: '" + uri + "'\n  username: n0\n  password_file: password\n"
                + "data: {source: digits}\n";
    }

    private void bundle(String uri) throws IOException {
        Files.writeString(boot.resolve("device.yaml"), yaml(uri));
        Files.writeString(boot.resolve("password"), SECRET + "\n");
        Files.writeString(boot.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\n" + SECRET + "\n");
    }

    /** Runs firstboot; {@code agent} is the malcom-agent it calls (default: the real one on this classpath). */
    private int firstboot(String agentScript) throws Exception {
        Path agent = dir.resolve("malcom-agent");
        Files.writeString(agent, agentScript);
        Path systemctl = dir.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\necho \"$@\" >>" + dir.resolve("calls") + "\n");
        for (Path stub : List.of(agent, systemctl)) {
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
        }
        ProcessBuilder run = new ProcessBuilder("sh", "-c", "echo $$ >" + dir.resolve("pid") + "; exec sh " + SCRIPT)
                .redirectErrorStream(true).redirectOutput(dir.resolve("firstboot.log").toFile());
        run.environment().put("BOOT_DIR", boot.toString());
        run.environment().put("CONF_DIR", conf.toString());
        run.environment().put("AGENT_GROUP", group());
        run.environment().put("MALCOM_AGENT", agent.toString());
        run.environment().put("SYSTEMCTL", systemctl.toString());
        Process process = run.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "firstboot still runs");
        return process.exitValue();
    }

    private static String realAgent() {
        return "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' org.malcomedge.agent.cli.AgentMain \"$@\"\n";
    }

    private static String group() throws Exception {
        Process id = new ProcessBuilder("id", "-gn").start();
        String name = new String(id.getInputStream().readAllBytes()).strip();
        assertEquals(0, id.waitFor());
        return name;
    }

    private Set<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private void assertNoSecretOnTheBootPartition() throws IOException {
        for (String name : names(boot)) {
            String text = Files.readString(boot.resolve(name));
            assertFalse(text.contains(SECRET), name + " on the boot partition holds the secret:\n" + text);
        }
        assertFalse(names(boot).contains("password") || names(boot).contains("client.key"), names(boot).toString());
    }

    private void assertNothingStagedIsLeft() throws IOException {
        assertTrue(names(conf).stream().noneMatch(n -> n.startsWith(".")), "staging left behind: " + names(conf));
    }

    @Test
    void aBrokenConfigLeavesNoSecretOnTheBootPartitionAndKeepsThePreviousConfig() throws Exception {
        bundle("mqtt://broker.local");
        assertEquals(1, firstboot(realAgent()), Files.readString(dir.resolve("firstboot.log")));
        assertNoSecretOnTheBootPartition();
        assertEquals(Set.of("README.txt", "device.yaml.errors"), names(boot));
        String errors = Files.readString(boot.resolve("device.yaml.errors"));
        assertTrue(errors.contains("device.yaml:4: broker.uri: 'mqtt://broker.local' is not tcp://"), errors);
        assertTrue(errors.contains("keeps its previous config"), errors);
        assertEquals(Set.of("device.yaml"), names(conf), "the new files are not left in " + conf);
        assertEquals("# the previous config\n", Files.readString(conf.resolve("device.yaml")));
        assertNothingStagedIsLeft();
        assertFalse(Files.exists(dir.resolve("calls")), "the agent is not enabled or restarted");
    }

    @Test
    void aValidBundleMovesToTheConfigFolderReadableByTheAgentAndStartsIt() throws Exception {
        bundle("tcp://broker.local:1883");
        assertEquals(0, firstboot(realAgent()), Files.readString(dir.resolve("firstboot.log")));
        assertNoSecretOnTheBootPartition();
        assertEquals(Set.of("README.txt", "device.yaml.applied"), names(boot));
        assertTrue(Files.readString(boot.resolve("device.yaml.applied")).contains("ok (node n0, experiment e"),
                Files.readString(boot.resolve("device.yaml.applied")));
        assertEquals(Set.of("device.yaml", "password", "client.key"), names(conf));
        assertEquals(SECRET + "\n", Files.readString(conf.resolve("password")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve("password"))));
        assertNothingStagedIsLeft();
        assertEquals(List.of("enable malcom-agent.service", "restart --no-block malcom-agent.service"),
                Files.readAllLines(dir.resolve("calls")));
    }

    @Test
    void killedWhileValidatingItLeavesNoSecretOnTheBootPartition() throws Exception {
        bundle("tcp://broker.local:1883");
        String dies = "#!/bin/sh\nkill -TERM $(cat " + dir.resolve("pid") + ")\nexit 1\n";
        assertEquals(1, firstboot(dies), Files.readString(dir.resolve("firstboot.log")));
        assertNoSecretOnTheBootPartition();
        assertEquals(Set.of("README.txt"), names(boot));
        assertNothingStagedIsLeft();
    }
}
