package org.malcomedge.coordinator.plan;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import org.malcomedge.firmware.config.DeviceConfig.Tls;

/**
 * One device's {@code device.yaml} (the format of {@code firmware-config/examples/device.yaml},
 * read by {@code DeviceConfigLoader}), written by {@code plan} for each device and by
 * {@code simulate --processes} for each agent process. Paths are written as given: relative ones
 * are resolved against the file's folder by the loader.
 *
 * @param passwordFile the broker password file, with {@code username}; empty for an anonymous broker
 * @param dataDir      where the device keeps its datasets; empty: the agent's default
 */
public record DeviceYaml(String id, String experiment, URI broker, Optional<String> username, Optional<Path> passwordFile,
                         Optional<Tls> tls, String dataset, Optional<String> label, Optional<Path> dataDir,
                         Path checkpointDir, int checkpointEvery, Backend backend, int threads) {

    public DeviceYaml {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(broker, "broker");
        if (username.isPresent() != passwordFile.isPresent()) {
            throw new IllegalArgumentException("device " + id + ": a username needs a password file and the other way round");
        }
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    String render() {
        StringBuilder out = new StringBuilder("# Device config of ").append(id).append(", written by malcom for experiment ")
                .append(experiment).append(" (annotated example: firmware-config/examples/device.yaml).\n")
                .append("# Relative paths are resolved against this file's folder.\n")
                .append("id: ").append(YamlValues.of(id)).append('\n')
                .append("experiment: ").append(YamlValues.of(experiment)).append("\n\nbroker:\n")
                .append("  uri: ").append(YamlValues.of(broker.toString())).append('\n');
        username.ifPresent(user -> out.append("  username: ").append(YamlValues.of(user)).append('\n'));
        passwordFile.ifPresent(file -> out.append("  password_file: ").append(YamlValues.of(file.toString())).append('\n'));
        tls.ifPresent(files -> {
            out.append("  tls:\n    ca: ").append(YamlValues.of(files.ca().toString())).append('\n');
            files.cert().ifPresent(cert -> out.append("    cert: ").append(YamlValues.of(cert.toString())).append('\n'));
            files.key().ifPresent(key -> out.append("    key: ").append(YamlValues.of(key.toString())).append('\n'));
        });
        out.append("\ndata:\n  source: ").append(YamlValues.of(dataset)).append('\n');
        label.ifPresent(column -> out.append("  label: ").append(YamlValues.of(column)).append('\n'));
        dataDir.ifPresent(dir -> out.append("  dir: ").append(YamlValues.of(dir.toString())).append('\n'));
        out.append("\ncheckpoint:\n  dir: ").append(YamlValues.of(checkpointDir.toString())).append('\n')
                .append("  every_rounds: ").append(checkpointEvery).append('\n')
                .append("\ntrainer:\n  backend: ").append(backend.name().toLowerCase(java.util.Locale.ROOT)).append('\n')
                .append("  threads: ").append(threads).append('\n');
        return out.toString();
    }
}
