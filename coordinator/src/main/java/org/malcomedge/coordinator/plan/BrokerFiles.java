package org.malcomedge.coordinator.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes what a real fleet's Mosquitto needs, generated from the plan's graph: {@code mosquitto.conf},
 * the password file, the ACL file, and one fresh random password per user under
 * {@code credentials/USER.password} (owner-only) for the device's {@code broker.password_file}.
 *
 * <p>Who runs the broker: the user who ran {@code plan}, owner of these files. The password file
 * (and {@code plan --tls}'s broker key) are owner-only, and Mosquitto started as root drops to
 * user {@code mosquitto} unless the config names another, which then cannot read them. So the
 * config says {@code user OWNER}: started as root, the broker drops to the owner; started as the
 * owner, it stays so (the setting only applies to root). When plan ran as root that is {@code user
 * root}: the files may sit where only root can reach (e.g. {@code /root}, {@code 0700}), and
 * handing them to {@code mosquitto} would need a user that may not exist on this machine and a
 * folder it can traverse; run plan as the broker's user for an unprivileged broker.
 */
public final class BrokerFiles {

    public static final String CONFIG = "mosquitto.conf";
    public static final String PASSWORDS = "mosquitto.passwd";
    public static final String ACL = "mosquitto.acl";
    public static final String CREDENTIALS = "credentials";

    /** The files written; {@code credentials} maps each user (the nodes and the coordinator) to its password file. */
    public record Written(Path config, Path passwords, Path acl, Map<String, Path> credentials) {
    }

    private BrokerFiles() {
    }

    /**
     * @param neighbours every node with its neighbours
     * @param coordinator the coordinator's user name
     * @throws IOException when a file cannot be written (the message names it)
     */
    public static Written write(Path dir, String experiment, String coordinator, Map<String, Set<String>> neighbours,
                                List<MosquittoListener> listeners, SecureRandom random) throws IOException {
        String acl = MosquittoAcl.render(experiment, coordinator, neighbours); // validates the names first
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(coordinator, MosquittoPasswords.generate(random));
        new TreeMap<>(neighbours).keySet().forEach(node -> passwords.put(node, MosquittoPasswords.generate(random)));

        Path absolute = dir.toAbsolutePath();
        Path passwordFile = absolute.resolve(PASSWORDS);
        Path aclFile = absolute.resolve(ACL);
        Path configFile = absolute.resolve(CONFIG);
        Files.createDirectories(absolute.resolve(CREDENTIALS));
        writeSecret(passwordFile, MosquittoPasswords.file(passwords, random));
        Files.writeString(aclFile, acl, StandardCharsets.UTF_8);
        Files.writeString(configFile, MosquittoConfig.render(experiment, listeners, passwordFile, aclFile,
                Files.getOwner(passwordFile).getName()), StandardCharsets.UTF_8);
        Map<String, Path> credentials = new LinkedHashMap<>();
        for (Map.Entry<String, String> user : passwords.entrySet()) {
            Path file = absolute.resolve(CREDENTIALS).resolve(user.getKey() + ".password");
            writeSecret(file, user.getValue() + "\n");
            credentials.put(user.getKey(), file);
        }
        return new Written(configFile, passwordFile, aclFile, Map.copyOf(credentials));
    }

    private static void writeSecret(Path file, String text) throws IOException {
        createOwnerOnly(file);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** (Re)creates {@code file} empty and owner-only, so what is written next is never readable by others, not even briefly. */
    static void createOwnerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
    }
}
