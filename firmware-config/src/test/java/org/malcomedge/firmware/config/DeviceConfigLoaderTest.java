package org.malcomedge.firmware.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeviceConfigLoaderTest {

    private static final String HEAD = """
            id: n1
            experiment: e1
            broker:
              uri: tcp://localhost:1883
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "ca");
        Files.writeString(dir.resolve("client.pem"), "cert");
        Files.writeString(dir.resolve("secret"), "pw");
        Files.writeString(dir.resolve("afile"), "x");
    }

    private static DeviceConfig parse(String yaml) throws ConfigException {
        return DeviceConfigLoader.parse(yaml, "device.yaml", dir);
    }

    private static List<ConfigProblem> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
    }

    @Test
    void minimalConfigGetsDefaults() throws Exception {
        DeviceConfig config = parse(HEAD);
        assertEquals("n1", config.id());
        assertEquals("digits", config.data().source());
        assertEquals(DeviceConfig.Backend.AUTO, config.trainer().backend());
        assertEquals(1, config.trainer().threads());
        assertEquals(10, config.checkpoint().everyRounds());
        assertEquals(30, config.broker().keepAlive().toSeconds());
        assertFalse(config.gpio().isPresent(), "no gpio section means no GPIO");
    }

    @Test
    void fullConfigIsRead() throws Exception {
        DeviceConfig config = parse("""
                id: n1
                experiment: e1
                broker:
                  uri: ssl://broker:8883
                  username: n1
                  password_file: secret
                  keepalive_seconds: 10
                  tls: {ca: ca.pem, cert: client.pem, key: secret}
                data: {source: 'csv:sensors.csv', label: class}
                checkpoint: {dir: ck, every_rounds: 5}
                trainer: {backend: java, threads: 2}
                gpio: {led_joined: 17, led_sent: 27, led_error: 22, button_leave: 23}
                network: {interface: wlan0}
                """);
        assertTrue(config.broker().secure());
        assertEquals(dir.resolve("ca.pem"), config.broker().tls().orElseThrow().ca());
        assertEquals(dir.resolve("ck"), config.checkpoint().dir());
        assertEquals(new DeviceConfig.Gpio(17, 27, 22, 23), config.gpio().orElseThrow());
        assertEquals("wlan0", config.networkInterface().orElseThrow());
        assertEquals(DeviceConfig.Backend.JAVA, config.trainer().backend());
        assertFalse(config.broker().toString().contains("secret"), "no password in toString");
    }

    @Test
    void annotatedExampleIsValid() throws Exception {
        Path example = Path.of("examples/device.yaml");
        DeviceConfig config = DeviceConfigLoader.load(example);
        assertEquals("node-3", config.id());
        assertTrue(config.gpio().isPresent());
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("id required", "experiment: e1\nbroker: {uri: 'tcp://h:1'}\n", "id", "is required"),
                Arguments.of("id topic-safe", HEAD.replace("id: n1", "id: n+1"), "id", "contains '+'"),
                Arguments.of("experiment topic-safe", HEAD.replace("experiment: e1", "experiment: a/b"), "experiment", "contains '/'"),
                Arguments.of("experiment required", HEAD.replace("experiment: e1\n", ""), "experiment", "is required"),
                Arguments.of("broker required", "id: n1\nexperiment: e1\n", "broker", "is required"),
                Arguments.of("uri scheme", HEAD.replace("tcp://localhost:1883", "htp://x"), "broker.uri",
                        "'htp://x' is not tcp://, ssl://, ws:// or wss://"),
                Arguments.of("uri host", HEAD.replace("tcp://localhost:1883", "tcp:///x"), "broker.uri", "has no host"),
                Arguments.of("uri port", HEAD.replace("1883", "70000"), "broker.uri", "not in 1..65535"),
                Arguments.of("uri syntax", HEAD.replace("tcp://localhost:1883", "'tcp://a b'"), "broker.uri", "is not a URI"),
                Arguments.of("password or file", HEAD + "  username: u\n  password: p\n  password_file: secret\n",
                        "broker.password", "not both"),
                Arguments.of("username with password", HEAD + "  password: p\n", "broker.username", "is required when a password"),
                Arguments.of("password file exists", HEAD + "  username: u\n  password_file: nope\n", "broker.password_file",
                        "does not exist"),
                Arguments.of("keepalive range", HEAD + "  keepalive_seconds: 0\n", "broker.keepalive_seconds", "out of range"),
                Arguments.of("ssl needs tls", HEAD.replace("tcp://", "ssl://"), "broker.tls", "is required for ssl://"),
                Arguments.of("tls needs ssl", HEAD + "  tls: {ca: ca.pem}\n", "broker.tls", "is not ssl:// or wss://"),
                Arguments.of("tls ca required", HEAD.replace("tcp://", "ssl://") + "  tls: {cert: client.pem, key: secret}\n",
                        "broker.tls.ca", "is required"),
                Arguments.of("tls ca exists", HEAD.replace("tcp://", "wss://") + "  tls: {ca: missing.pem}\n", "broker.tls.ca",
                        "does not exist"),
                Arguments.of("cert needs key", HEAD.replace("tcp://", "ssl://") + "  tls: {ca: ca.pem, cert: client.pem}\n",
                        "broker.tls.key", "is required with cert"),
                Arguments.of("dataset known", HEAD + "data: {source: cifar}\n", "data.source", "'cifar' is not digits"),
                Arguments.of("csv needs path", HEAD + "data: {source: 'csv:'}\n", "data.source", "needs a path"),
                Arguments.of("label only csv", HEAD + "data: {source: digits, label: y}\n", "data.label", "only for csv"),
                Arguments.of("checkpoint every", HEAD + "checkpoint: {every_rounds: many}\n", "checkpoint.every_rounds",
                        "'many' is not a whole number"),
                Arguments.of("checkpoint dir not a file", HEAD + "checkpoint: {dir: afile}\n", "checkpoint.dir", "is a file"),
                Arguments.of("backend choice", HEAD + "trainer: {backend: gpu}\n", "trainer.backend", "'gpu' is not one of auto, ort, java"),
                Arguments.of("threads range", HEAD + "trainer: {threads: 100}\n", "trainer.threads", "100 is out of range 1..64"),
                Arguments.of("gpio pin range", HEAD + "gpio: {led_joined: 40, led_sent: 27, led_error: 22, button_leave: 23}\n",
                        "gpio.led_joined", "40 is out of range 0..27"),
                Arguments.of("gpio pins distinct", HEAD + "gpio: {led_joined: 17, led_sent: 17, led_error: 22, button_leave: 23}\n",
                        "gpio.led_sent", "already used by gpio.led_joined"),
                Arguments.of("gpio all pins", HEAD + "gpio: {led_joined: 17, led_sent: 27, led_error: 22}\n",
                        "gpio.button_leave", "is required in gpio"),
                Arguments.of("interface name", HEAD + "network: {interface: 'eth 0'}\n", "network.interface",
                        "is not a network interface name"),
                Arguments.of("unknown key", HEAD + "trainer: {backnd: java}\n", "trainer.backnd", "unknown key"),
                Arguments.of("unknown top key", HEAD + "gpoi: {}\n", "gpoi", "unknown key"),
                Arguments.of("duplicate key", HEAD + "id: n2\n", "id", "given twice"),
                Arguments.of("section type", HEAD + "data: digits\n", "data", "expected a mapping"),
                Arguments.of("scalar type", HEAD + "network: {interface: [a, b]}\n", "network.interface", "expected a single value"),
                Arguments.of("empty value", HEAD.replace("id: n1", "id: ''"), "id", "is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleReportsItsField(String rule, String yaml, String field, String message) {
        List<ConfigProblem> problems = problems(yaml);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        ConfigProblem problem = problems.get(0);
        assertEquals(field, problem.field(), problem::toString);
        assertTrue(problem.message().contains(message), () -> "'" + problem.message() + "' lacks '" + message + "'");
    }

    @Test
    void fiveMistakesAreAllReportedWithTheirLines() {
        String yaml = """
                id: node/3
                experiment: e1
                broker:
                  uri: htp://x
                  keepalive_seconds: -5
                data:
                  source: imagenet
                trainer:
                  thread: 2
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertEquals(5, e.problems().size(), e::getMessage);
        List<String> rendered = e.problems().stream().map(p -> p.render("device.yaml")).toList();
        assertEquals(List.of(
                "device.yaml:1: id: 'node/3' contains '/' (allowed: letters, digits, '.', '_', '-')",
                "device.yaml:4: broker.uri: 'htp://x' is not tcp://, ssl://, ws:// or wss://",
                "device.yaml:5: broker.keepalive_seconds: -5 is out of range 1..3600",
                "device.yaml:7: data.source: 'imagenet' is not digits, fashion-mnist, mnist or csv:PATH",
                "device.yaml:9: trainer.thread: unknown key (allowed here: backend, threads)"), rendered);
        assertTrue(e.getMessage().startsWith("device.yaml: 5 problems\n"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        List<ConfigProblem> problems = problems("id: n1\nbroker:\n  uri: [tcp://x\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).line() >= 3, problems.toString());
        assertTrue(problems.get(0).message().startsWith("not valid YAML"), problems.toString());
    }

    @Test
    void emptyAndNonMappingFiles() {
        assertEquals("the file is empty", problems("").get(0).message());
        assertTrue(problems("- a\n- b\n").get(0).message().startsWith("expected a mapping"));
    }

    @Test
    void missingFileIsOneClearProblem(@TempDir Path empty) {
        ConfigException e = assertThrows(ConfigException.class, () -> DeviceConfigLoader.load(empty.resolve("device.yaml")));
        assertTrue(e.getMessage().contains("cannot read the file"), e.getMessage());
    }
}
