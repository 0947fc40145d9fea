package org.malcomedge.firmware.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import org.malcomedge.firmware.config.DeviceConfig.Broker;
import org.malcomedge.firmware.config.DeviceConfig.Checkpoint;
import org.malcomedge.firmware.config.DeviceConfig.Data;
import org.malcomedge.firmware.config.DeviceConfig.Gpio;
import org.malcomedge.firmware.config.DeviceConfig.Tls;
import org.malcomedge.firmware.config.DeviceConfig.Trainer;
import org.malcomedge.firmware.topics.Topics;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a device YAML file into a {@link DeviceConfig}. Every problem is collected, with its field
 * path and line, and reported together in one {@link ConfigException}; unknown keys are problems
 * too, because a typo must not silently fall back to a default.
 */
public final class DeviceConfigLoader {

    /** BCM GPIO numbers usable on the 40-pin header. */
    static final int MAX_BCM_PIN = 27;
    static final Set<String> DATASETS = Set.of("digits", "fashion-mnist", "mnist");
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,15}");

    private DeviceConfigLoader() {
    }

    public static DeviceConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem("", 0, "cannot read the file: " + e)));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base);
    }

    /**
     * @param source name used in messages (usually the file name)
     * @param base   directory that relative paths are resolved against
     */
    public static DeviceConfig parse(String yaml, String source, Path base) throws ConfigException {
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(true).build();
            root = new Compose(settings).composeString(yaml).orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
            throw new ConfigException(source, List.of(new ConfigProblem("", line, "not valid YAML: " + e.getProblem())));
        } catch (YamlEngineException e) {
            throw new ConfigException(source, List.of(new ConfigProblem("", 0, "not valid YAML: " + e.getMessage())));
        }
        if (root == null) {
            throw new ConfigException(source, List.of(new ConfigProblem("", 0, "the file is empty")));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        DeviceConfig config = new DeviceConfigLoader.Reader(base, problems).read(root);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }

    private record Reader(Path base, List<ConfigProblem> problems) {

        DeviceConfig read(Node root) {
            Optional<YamlSection> top = YamlSection.of("", root,
                    Set.of("id", "experiment", "broker", "data", "checkpoint", "trainer", "gpio", "network"), problems);
            if (top.isEmpty()) {
                return null;
            }
            YamlSection s = top.get();
            Optional<String> id = topicName(s, "id");
            Optional<String> experiment = topicName(s, "experiment");
            Optional<Broker> broker = broker(s);
            Data data = data(s);
            Checkpoint checkpoint = checkpoint(s);
            Trainer trainer = trainer(s);
            Optional<Gpio> gpio = s.section("gpio", Set.of("led_joined", "led_sent", "led_error", "button_leave"))
                    .flatMap(this::gpio);
            Optional<String> networkInterface = s.section("network", Set.of("interface"))
                    .flatMap(this::networkInterface);
            if (!problems.isEmpty()) {
                return null;
            }
            return new DeviceConfig(id.orElseThrow(), experiment.orElseThrow(), broker.orElseThrow(), data,
                    checkpoint, trainer, gpio, networkInterface);
        }

        private Optional<String> topicName(YamlSection s, String key) {
            return s.requiredText(key).filter(name -> {
                String problem = Topics.nameProblem(name);
                if (problem != null) {
                    s.problem(key, problem);
                }
                return problem == null;
            });
        }

        private Optional<Broker> broker(YamlSection top) {
            if (!top.has("broker")) {
                top.problem("broker", "is required (at least broker.uri)");
                return Optional.empty();
            }
            Optional<YamlSection> section = top.section("broker",
                    Set.of("uri", "username", "password", "password_file", "keepalive_seconds", "tls"));
            if (section.isEmpty()) {
                return Optional.empty();
            }
            YamlSection s = section.get();
            Optional<URI> uri = s.requiredText("uri").flatMap(raw -> brokerUri(s, raw));
            Optional<String> username = s.text("username");
            Optional<String> password = s.text("password");
            Optional<Path> passwordFile = s.text("password_file").flatMap(raw -> existingFile(s, "password_file", raw));
            if (password.isPresent() && s.has("password_file")) {
                s.problem("password", "give either password or password_file, not both");
            }
            if ((password.isPresent() || s.has("password_file")) && username.isEmpty()) {
                s.problem("username", "is required when a password is given");
            }
            int keepAlive = s.integer("keepalive_seconds", 1, 3600).orElse(30);
            Optional<Tls> tls = s.section("tls", Set.of("ca", "cert", "key")).flatMap(this::tls);
            uri.ifPresent(u -> {
                boolean secure = u.getScheme().equals("ssl") || u.getScheme().equals("wss");
                if (secure && !s.has("tls")) {
                    s.problem("tls", "is required for " + u.getScheme() + ":// (at least tls.ca)");
                } else if (!secure && s.has("tls")) {
                    s.problem("tls", "is given but broker.uri '" + u + "' is not ssl:// or wss://");
                }
            });
            return uri.map(u -> new Broker(u, username, passwordFile, password, Duration.ofSeconds(keepAlive), tls));
        }

        private Optional<URI> brokerUri(YamlSection s, String raw) {
            URI uri;
            try {
                uri = new URI(raw.trim());
            } catch (URISyntaxException e) {
                s.problem("uri", "'" + raw + "' is not a URI (" + e.getReason() + ")");
                return Optional.empty();
            }
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
                s.problem("uri", "'" + raw + "' is not tcp://, ssl://, ws:// or wss://");
                return Optional.empty();
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                s.problem("uri", "'" + raw + "' has no host");
                return Optional.empty();
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                s.problem("uri", "'" + raw + "' has port " + uri.getPort() + ", not in 1..65535");
                return Optional.empty();
            }
            return Optional.of(uri);
        }

        private Optional<Tls> tls(YamlSection s) {
            Optional<Path> ca = s.requiredText("ca").flatMap(raw -> existingFile(s, "ca", raw));
            Optional<Path> cert = s.text("cert").flatMap(raw -> existingFile(s, "cert", raw));
            Optional<Path> key = s.text("key").flatMap(raw -> existingFile(s, "key", raw));
            if (s.has("cert") != s.has("key")) {
                s.problem(s.has("cert") ? "key" : "cert", "is required with " + (s.has("cert") ? "cert" : "key")
                        + " (a client certificate needs its key)");
            }
            return ca.map(path -> new Tls(path, cert, key));
        }

        private Data data(YamlSection top) {
            Optional<YamlSection> section = top.section("data", Set.of("source", "label", "dir"));
            String source = "digits";
            Optional<String> label = Optional.empty();
            Optional<Path> dir = Optional.empty();
            if (section.isPresent()) {
                YamlSection s = section.get();
                source = s.text("source").map(String::trim).orElse(source);
                boolean csv = source.startsWith("csv:");
                if (csv && source.length() == 4) {
                    s.problem("source", "'csv:' needs a path, e.g. csv:/var/lib/malcom-edge/data/sensors.csv");
                } else if (!csv && !DATASETS.contains(source)) {
                    s.problem("source", "'" + source + "' is not digits, fashion-mnist, mnist or csv:PATH");
                }
                label = s.text("label");
                if (label.isPresent() && !csv) {
                    s.problem("label", "is only for csv:PATH sources, not '" + source + "'");
                }
                dir = s.text("dir").flatMap(raw -> path(s, "dir", raw));
            }
            return new Data(source, label, dir);
        }

        private Checkpoint checkpoint(YamlSection top) {
            Optional<YamlSection> section = top.section("checkpoint", Set.of("dir", "every_rounds"));
            Path dir = base.resolve("checkpoints");
            int every = 10;
            if (section.isPresent()) {
                YamlSection s = section.get();
                dir = s.text("dir").flatMap(raw -> path(s, "dir", raw)).orElse(dir);
                if (s.has("dir") && Files.isRegularFile(dir)) {
                    s.problem("dir", "'" + dir + "' is a file, not a directory");
                }
                every = s.integer("every_rounds", 1, 1_000_000).orElse(every);
            }
            return new Checkpoint(dir, every);
        }

        private Trainer trainer(YamlSection top) {
            Optional<YamlSection> section = top.section("trainer", Set.of("backend", "threads"));
            Backend backend = section.flatMap(s -> s.choice("backend", Backend.class, b -> b.name().toLowerCase()))
                    .orElse(Backend.AUTO);
            int threads = section.flatMap(s -> s.integer("threads", 1, 64)).orElse(1);
            return new Trainer(backend, threads);
        }

        private Optional<Gpio> gpio(YamlSection s) {
            List<String> keys = List.of("led_joined", "led_sent", "led_error", "button_leave");
            Map<String, Integer> pins = new HashMap<>();
            Map<Integer, String> owners = new HashMap<>();
            for (String key : keys) {
                if (!s.has(key)) {
                    s.problem(key, "is required in gpio (BCM pin 0.." + MAX_BCM_PIN + ")");
                    continue;
                }
                s.integer(key, 0, MAX_BCM_PIN).ifPresent(pin -> {
                    String other = owners.putIfAbsent(pin, key);
                    if (other != null) {
                        s.problem(key, "pin " + pin + " is already used by gpio." + other);
                    } else {
                        pins.put(key, pin);
                    }
                });
            }
            if (pins.size() != keys.size()) {
                return Optional.empty();
            }
            return Optional.of(new Gpio(pins.get("led_joined"), pins.get("led_sent"), pins.get("led_error"),
                    pins.get("button_leave")));
        }

        private Optional<String> networkInterface(YamlSection s) {
            return s.requiredText("interface").filter(name -> {
                boolean ok = INTERFACE_NAME.matcher(name).matches();
                if (!ok) {
                    s.problem("interface", "'" + name + "' is not a network interface name (1-15 of letters, digits, '.', '_', '-')");
                }
                return ok;
            });
        }

        private Optional<Path> path(YamlSection s, String key, String raw) {
            try {
                return Optional.of(base.resolve(raw.trim()).normalize());
            } catch (InvalidPathException e) {
                s.problem(key, "'" + raw + "' is not a valid path: " + e.getReason());
                return Optional.empty();
            }
        }

        private Optional<Path> existingFile(YamlSection s, String key, String raw) {
            return path(s, key, raw).filter(file -> {
                if (!Files.isRegularFile(file)) {
                    s.problem(key, "'" + raw + "' does not exist or is not a file" + (file.toString().equals(raw) ? "" : " (" + file + ")"));
                    return false;
                }
                if (!Files.isReadable(file)) {
                    s.problem(key, "'" + file + "' is not readable");
                    return false;
                }
                return true;
            });
        }
    }
}
