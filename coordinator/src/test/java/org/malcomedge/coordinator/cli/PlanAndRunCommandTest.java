package org.malcomedge.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.cli.AgentMain;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.agent.link.mqtt.MosquittoBroker;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.coordinator.cli.MalcomCliTest.Result;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.config.DeviceConfigLoader;
import org.malcomedge.firmware.topics.Topics;
import picocli.CommandLine;

/** {@code plan} output used as a fleet would: Mosquitto on the generated config, devices on their configs, {@code run}. */
class PlanAndRunCommandTest {

    @TempDir
    Path dir;

    @Test
    void planWritesWorkingCredentialsAndRunNamesTheDevicesThatNeverCame() throws Exception {
        MosquittoBroker.binary();
        int port = MosquittoBroker.freePort();
        Path out = dir.resolve("trial-7");
        Result planned = MalcomCliTest.run("plan", "--out", out.toString(), "--nodes", "4", "--rounds", "5",
                "--broker", "tcp://127.0.0.1:" + port, "--checkpoint-every", "2",
                "--device-dir", dir.resolve("device").toString()); // not the real /var/lib/malcom-edge
        assertEquals(Cli.OK, planned.status(), planned.err());
        for (String file : new String[] {"plan.yaml", "mosquitto.conf", "mosquitto.passwd", "mosquitto.acl",
            "devices/n0/device.yaml", "devices/n3/device.yaml", "devices/n3/password", "credentials/n2.password", "credentials/coordinator.password"}) {
            assertTrue(Files.exists(out.resolve(file)), file);
        }
        assertTrue(Files.readString(out.resolve("plan.yaml")).contains("experiment: trial-7"));
        assertTrue(Files.readString(out.resolve("mosquitto.conf")).contains("\nuser " + System.getProperty("user.name") + "\n"),
                "the broker runs as the files' owner");

        // as the README starts it, by this test's user (root on CI)
        try (MosquittoBroker broker = MosquittoBroker.startFile(out.resolve("mosquitto.conf"), port)) {
            DeviceConfig device = DeviceConfigLoader.load(out.resolve("devices/n2/device.yaml"));
            assertEquals("trial-7", device.experiment());
            assertEquals(2, device.checkpoint().everyRounds());
            try (MqttLink n2 = MqttLink.connect(MqttLinkSettings.device(device, 0).silent())) { // no BIRTH: not a device yet
                n2.publish(Topics.metrics("trial-7", "n2"), new byte[0], 1, false); // its own topic: granted
            }
            Result run = MalcomCliTest.run("run", "--plan", out.resolve("plan.yaml").toString(), "--broker",
                    broker.uri().toString(), "--password-file", out.resolve("credentials/coordinator.password").toString(),
                    "--device-timeout", "1s", "--out", dir.resolve("run").toString(), "--data-dir", dir.toString());
            assertEquals(Cli.FAILURE, run.status(), run.err());
            assertTrue(run.err().contains("malcom: failed: no BIRTH from 4 of 4 devices within 1 s: n0, n1, n2, n3"), run.err());
        }
    }

    @Test
    void planWithTlsWritesCertificatesThatDevicesAndTheCoordinatorUse() throws Exception {
        MosquittoBroker.binary();
        int port = MosquittoBroker.freePort();
        Path out = dir.resolve("tls-trial");
        Result planned = MalcomCliTest.run("plan", "--out", out.toString(), "--device-dir", dir.resolve("device").toString(),
                "--nodes", "3", "--rounds", "5", "--tls",
                "--broker", "ssl://127.0.0.1:" + port);
        assertEquals(Cli.OK, planned.status(), planned.err());
        try (MosquittoBroker broker = MosquittoBroker.startFile(out.resolve("mosquitto.conf"), port)) { // reads broker.key too
            DeviceConfig device = DeviceConfigLoader.load(out.resolve("devices/n1/device.yaml"));
            assertTrue(device.broker().tls().isPresent() && device.broker().passwordFile().isEmpty(), device.broker().toString());
            try (MqttLink n1 = MqttLink.connect(MqttLinkSettings.device(device, 0).silent())) {
                n1.publish(Topics.metrics("tls-trial", "n1"), new byte[0], 1, false); // its CN is its user: granted
            }
            Result run = MalcomCliTest.run("run", "--plan", out.resolve("plan.yaml").toString(), "--broker",
                    "ssl://127.0.0.1:" + port, "--ca", out.resolve("tls/ca.pem").toString(),
                    "--cert", out.resolve("tls/clients/coordinator.pem").toString(),
                    "--key", out.resolve("tls/clients/coordinator.key").toString(),
                    "--device-timeout", "1s", "--out", dir.resolve("run").toString(), "--data-dir", dir.toString());
            assertEquals(Cli.FAILURE, run.status(), run.err());
            assertTrue(run.err().contains("no BIRTH from 3 of 3 devices within 1 s: n0, n1, n2"), run.err());
        }
    }

    @Test
    void planBindsAllInterfacesOnlyWhenAskedAndNamesABadBindAddress() throws Exception {
        Result all = MalcomCliTest.run("plan", "--out", dir.resolve("all").toString(), "--nodes", "2",
                "--broker", "tcp://10.0.0.1:1883", "--bind", "0.0.0.0");
        assertEquals(Cli.OK, all.status(), all.err());
        assertTrue(Files.readString(dir.resolve("all/mosquitto.conf")).contains("\nlistener 1883 0.0.0.0\n"));
        Result bad = MalcomCliTest.run("plan", "--out", dir.resolve("bad").toString(), "--nodes", "2",
                "--broker", "tcp://10.0.0.1:1883", "--bind", "10.0.0.1 1884");
        assertEquals(Cli.USAGE, bad.status());
        assertEquals("malcom: --bind '10.0.0.1 1884': not an IP address or host name (0.0.0.0 for all interfaces)\n", bad.err());
        assertTrue(Files.notExists(dir.resolve("bad")), "nothing written");
    }

    @Test
    void aBadFieldInPlanYamlIsOneLineWithFileAndLine() throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "experiment: e\nnodes: 4\nrounds: 5\nalgorithm: malcom\ngamma: 2\n");
        Result run = MalcomCliTest.run("run", "--plan", plan.toString(), "--broker", "tcp://127.0.0.1:1");
        assertEquals(Cli.USAGE, run.status());
        assertEquals("malcom: " + plan + ":5: gamma: bad value 2.0 (in (0, 1], or auto)\n", run.err());
    }

    /**
     * A star under the generated ACL, from the device bundles as the README copies them: each
     * {@code devices/ID/} folder's files to a fresh folder elsewhere, {@code check-config} on the
     * copy, two device agents (threads) from the copies as workers, {@code run} as the server.
     */
    @Test
    void devicesStartedFromCopiedBundlesJoinAndRunAStarPlanUnderTheGeneratedAcl() throws Exception {
        MosquittoBroker.binary();
        int port = MosquittoBroker.freePort();
        Path out = dir.resolve("star-trial");
        Result planned = MalcomCliTest.run("plan", "--out", out.toString(), "--algorithm", "mcm", "--nodes", "2",
                "--rounds", "4", "--eval-every", "2", "--broker", "tcp://127.0.0.1:" + port, "--tar",
                "--device-dir", dir.resolve("device").toString()); // its checkpoints die with the test
        assertEquals(Cli.OK, planned.status(), planned.err());
        Map<String, Path> copies = new TreeMap<>();
        for (String id : List.of("n0", "n1")) {
            Path copy = Files.createDirectories(dir.resolve("elsewhere").resolve(id + "-etc"));
            try (var files = Files.list(out.resolve("devices").resolve(id))) { // cp devices/ID/* DEST/
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            assertEquals(Set.of("device.yaml", "password"), names(copy), "the bundle is the config and its password");
            copies.put(id, copy.resolve("device.yaml"));
            StringWriter checked = new StringWriter();
            CommandLine check = new CommandLine(new AgentMain()).setOut(new PrintWriter(checked)).setErr(new PrintWriter(checked));
            assertEquals(Cli.OK, Cli.execute(check, "check-config", copy.resolve("device.yaml").toString()), checked.toString());
            assertTrue(Files.readString(copy.resolve("device.yaml")).contains("\n  password_file: password\n"),
                    "named relative to the config");
        }
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        Process tar = new ProcessBuilder("tar", "-xzf", out.resolve("devices/n1.tar.gz").toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes()));
        assertEquals(Files.readString(out.resolve("devices/n1/password")), Files.readString(unpacked.resolve("password")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(unpacked.resolve("password"))));
        assertEquals(Files.readString(out.resolve("devices/n1/device.yaml")), Files.readString(unpacked.resolve("device.yaml")));

        try (MosquittoBroker broker = MosquittoBroker.start(dir, port, Files.readString(out.resolve("mosquitto.conf")))) {
            List<Thread> devices = new ArrayList<>();
            for (Map.Entry<String, Path> copy : copies.entrySet()) {
                Thread device = new Thread(() -> Cli.execute(new CommandLine(new AgentMain()),
                        "--config", copy.getValue().toString()), "device-" + copy.getKey());
                device.setDaemon(true);
                device.start();
                devices.add(device);
            }
            Result run = MalcomCliTest.run("run", "--plan", out.resolve("plan.yaml").toString(), "--broker",
                    broker.uri().toString(), "--password-file", out.resolve("credentials/coordinator.password").toString(),
                    "--device-timeout", "60s", "--out", dir.resolve("run").toString(), "--backend", "java");
            assertEquals(Cli.OK, run.status(), run.err());
            for (Thread device : devices) {
                device.join(30_000);
            }
            List<String> rows = Files.readAllLines(dir.resolve("run/rounds.csv"));
            assertEquals(1 + 4 * 3, rows.size(), "n0, n1 and server in each of 4 rounds:\n" + rows);
            assertTrue(rows.get(3).startsWith("1,server,") && rows.get(12).startsWith("4,server,"), rows.toString());
        }
    }

    @Test
    void aTlsBundleCarriesTheCaAndTheDevicesOwnCertificateAndKey() throws Exception {
        Path out = dir.resolve("tls-bundle");
        Result planned = MalcomCliTest.run("plan", "--out", out.toString(), "--nodes", "2", "--tls",
                "--broker", "ssl://127.0.0.1:8883", "--device-dir", dir.resolve("device").toString());
        assertEquals(Cli.OK, planned.status(), planned.err());
        Path bundle = out.resolve("devices/n1");
        assertEquals(Set.of("device.yaml", "ca.pem", "client.pem", "client.key"), names(bundle));
        assertEquals(Files.readString(out.resolve("tls/clients/n1.pem")), Files.readString(bundle.resolve("client.pem")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle.resolve("client.key"))));
        Path copy = Files.createDirectories(dir.resolve("copy"));
        for (String name : names(bundle)) {
            Files.copy(bundle.resolve(name), copy.resolve(name));
        }
        DeviceConfig device = DeviceConfigLoader.load(copy.resolve("device.yaml"));
        assertEquals(copy.resolve("client.key"), device.broker().tls().orElseThrow().key().orElseThrow());
    }

    private static Set<String> names(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void aStarPlansWorkersMayReadOnlyTheServersDownlinks() throws Exception {
        Result planned = MalcomCliTest.run("plan", "--out", dir.resolve("p").toString(), "--algorithm", "rand-mcm",
                "--experiment", "s", "--nodes", "3", "--broker", "tcp://10.0.0.1:1883");
        assertEquals(Cli.OK, planned.status(), planned.err());
        assertTrue(planned.out().contains("; it listens on 10.0.0.1 port 1883)"), planned.out());
        assertTrue(Files.readString(dir.resolve("p/mosquitto.conf")).contains("\nlistener 1883 10.0.0.1\n"),
                "the listener binds the address the devices are given");
        String acl = Files.readString(dir.resolve("p/mosquitto.acl"));
        String n1 = acl.substring(acl.indexOf("user n1"), acl.indexOf("user n2"));
        assertTrue(n1.contains("topic read malcom/s/server/down\n") && n1.contains("topic read malcom/s/node/n1/down\n")
                && n1.contains("topic write malcom/s/node/n1/up\n"), n1);
        assertTrue(!n1.contains("node/n0/") && !n1.contains("node/n2/"), "no neighbours in a star:\n" + n1);
    }
}
