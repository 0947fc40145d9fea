package org.malcomedge.coordinator.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.malcomedge.firmware.config.DeviceConfig;

/**
 * One device's self-contained folder, {@code devices/ID/}, as {@code plan} writes it: its
 * {@code device.yaml} whose files are named relative to itself, and those files beside it, the
 * broker password ({@code password}) or the client certificate and key ({@code client.pem},
 * {@code client.key}) and the CA ({@code ca.pem}). Copied anywhere as a whole (a device's
 * {@code /etc/malcom-edge}, the boot partition's {@code malcom-edge/} folder) it is still valid.
 * Secrets are owner-only; {@link #tar} packs the folder as {@code devices/ID.tar.gz}.
 */
public final class DeviceBundle {

    public static final String CONFIG = "device.yaml";
    public static final String PASSWORD = "password";
    public static final String CA = "ca.pem";
    public static final String CERT = "client.pem";
    public static final String KEY = "client.key";

    /** The bundle written: its folder and its files, device.yaml first. */
    public record Written(Path dir, List<Path> files) {
    }

    private DeviceBundle() {
    }

    /**
     * Writes {@code dir/device.yaml} from {@code device} with its password file or TLS files
     * copied into {@code dir} under the bundle's names (the paths in {@code device} are the originals).
     */
    public static Written write(Path dir, DeviceYaml device) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve(CONFIG));
        Optional<Path> password = device.passwordFile().map(source -> copy(source, dir.resolve(PASSWORD), true, files));
        Optional<DeviceConfig.Tls> tls = device.tls().map(t -> new DeviceConfig.Tls(
                copy(t.ca(), dir.resolve(CA), false, files),
                t.cert().map(cert -> copy(cert, dir.resolve(CERT), false, files)),
                t.key().map(key -> copy(key, dir.resolve(KEY), true, files))));
        new DeviceYaml(device.id(), device.experiment(), device.broker(), device.username(),
                password.map(p -> dir.relativize(p)), tls.map(t -> new DeviceConfig.Tls(dir.relativize(t.ca()),
                        t.cert().map(dir::relativize), t.key().map(dir::relativize))),
                device.dataset(), device.label(), device.dataDir(), device.checkpointDir(), device.checkpointEvery(),
                device.backend(), device.threads()).write(files.get(0));
        return new Written(dir, List.copyOf(files));
    }

    /** Packs the bundle's files, without a folder, into {@code tarGz}; secrets keep mode 0600. */
    public static void tar(Written bundle, Path tarGz) throws IOException {
        try (Tarball tar = Tarball.create(tarGz)) {
            for (Path file : bundle.files()) {
                String name = file.getFileName().toString();
                tar.add(name, Files.readAllBytes(file), secret(name) ? 0600 : 0644);
            }
        }
    }

    private static boolean secret(String name) {
        return name.equals(PASSWORD) || name.equals(KEY);
    }

    private static Path copy(Path source, Path target, boolean secret, List<Path> files) {
        try {
            if (secret) {
                BrokerFiles.createOwnerOnly(target);
                Files.write(target, Files.readAllBytes(source));
            } else {
                Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            files.add(target);
            return target;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }
}
