package org.malcomedge.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated Mosquitto password file, ACL and config, as text. */
class MosquittoFilesTest {

    private static final Map<String, Set<String>> PATH_GRAPH = Map.of("a", Set.of("b"), "b", Set.of("a", "c"), "c", Set.of("b"));

    @Test
    void hashesLikeMosquittoPasswd() {
        // made by mosquitto_passwd 2.0.11: mosquitto_passwd -b FILE alice secret
        String line = "$7$101$9tnJhNDFKdYZwNB4$Ls0qMkCDsdngMiAMeWFPrfQGlBrJ7BtqPlwaX0VUSkP0jiUKiRK7Ki08hxsBc2Fz71dYlZMpwKT6fvvWBTIMQg==";
        byte[] salt = Base64.getDecoder().decode(line.split("\\$")[3]);
        assertEquals(line, MosquittoPasswords.hash("secret", salt));
    }

    @Test
    void writesOneSaltedLinePerUser() {
        String file = MosquittoPasswords.file(Map.of("b", "pw", "a", "pw"), new SecureRandom());
        String[] lines = file.split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("a:$7$101$") && lines[1].startsWith("b:$7$101$"), file);
        assertFalse(lines[0].substring(2).equals(lines[1].substring(2)), "fresh salt per user");
        assertThrows(IllegalArgumentException.class, () -> MosquittoPasswords.file(Map.of("x:y", "pw"), new SecureRandom()));
    }

    @Test
    void aclLetsADeviceWriteItsOwnTopicsAndReadItsNeighbours() {
        String acl = MosquittoAcl.render("e1", "coord", PATH_GRAPH);
        String deviceA = section(acl, "a");
        for (String kind : List.of("state", "residual", "keyframe", "metrics", "up")) {
            assertTrue(deviceA.contains("topic write malcom/e1/node/a/" + kind + "\n"), kind);
        }
        assertTrue(deviceA.contains("topic read malcom/e1/node/b/residual\n"));
        assertTrue(deviceA.contains("topic read malcom/e1/node/b/keyframe\n"));
        assertTrue(deviceA.contains("topic read malcom/e1/node/b/state\n"));
        assertFalse(deviceA.contains("node/c/"), "c is not a's neighbour");
        assertTrue(deviceA.contains("topic read malcom/e1/plan\n") && deviceA.contains("topic read malcom/e1/control\n")
                && deviceA.contains("topic read malcom/e1/server/down\n"));
        assertTrue(deviceA.contains("topic read malcom/e1/node/a/down\n") && !deviceA.contains("node/b/down"),
                "a device reads its own Rand-MCM downlink only");
        assertFalse(deviceA.contains("+"), "no wildcard grants for a device");

        String coordinator = section(acl, "coord");
        assertTrue(coordinator.contains("topic readwrite malcom/e1/plan\n"));
        assertTrue(coordinator.contains("topic write malcom/e1/control\n"));
        assertTrue(coordinator.contains("topic write malcom/e1/node/+/down\n"));
        assertTrue(coordinator.contains("topic read malcom/e1/node/+/metrics\n"));
        assertTrue(coordinator.contains("topic read malcom/e1/node/+/state\n"));
        assertFalse(coordinator.contains("residual"), "the coordinator is off the data path");
    }

    @Test
    void aclRejectsNeighboursOutsideThePlanAndNamesClashes() {
        IllegalArgumentException stranger = assertThrows(IllegalArgumentException.class,
                () -> MosquittoAcl.render("e1", "coord", Map.of("a", Set.of("z"))));
        assertTrue(stranger.getMessage().contains("'z'"), stranger.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MosquittoAcl.render("e1", "coord", Map.of("a", Set.of("a"))));
        assertThrows(IllegalArgumentException.class, () -> MosquittoAcl.render("e1", "a", PATH_GRAPH));
        assertThrows(IllegalArgumentException.class, () -> MosquittoAcl.render("e1", "coord", Map.of("a/b", Set.of())));
    }

    @Test
    void configClosesEveryListenerToAnonymousClients() {
        MosquittoListener.Tls tls = new MosquittoListener.Tls(Path.of("/etc/m/ca.pem"), Path.of("/etc/m/server.pem"),
                Path.of("/etc/m/server.key"), true);
        String conf = MosquittoConfig.render("e1", List.of(MosquittoListener.plain(1883),
                new MosquittoListener(8883, Optional.of("0.0.0.0"), Optional.of(tls))),
                Path.of("/etc/m/passwd"), Path.of("/etc/m/acl"), "alice");
        assertTrue(conf.contains("per_listener_settings true\n"));
        assertTrue(conf.contains("set_tcp_nodelay true\n"));
        assertTrue(conf.contains("\nlistener 1883\nallow_anonymous false\nuse_username_as_clientid true\npassword_file /etc/m/passwd\nacl_file /etc/m/acl\n"), conf);
        assertTrue(conf.contains("\nlistener 8883 0.0.0.0\ncafile /etc/m/ca.pem\ncertfile /etc/m/server.pem\n"
                + "keyfile /etc/m/server.key\nrequire_certificate true\nallow_anonymous false\n"
                + "use_username_as_clientid true\nuse_identity_as_username true\nacl_file /etc/m/acl\n"), conf);
        assertEquals(2, conf.split("allow_anonymous false", -1).length - 1);
        assertEquals(1, conf.split("password_file", -1).length - 1, "the certificate, not a password, on the TLS listener");
        assertThrows(IllegalArgumentException.class, () -> MosquittoListener.plain(0));
    }

    @Test
    void configRunsTheBrokerAsTheOwnerOfTheFiles() {
        String alice = MosquittoConfig.render("e1", List.of(MosquittoListener.plain(1883)), Path.of("/p"), Path.of("/a"), "alice");
        assertEquals(1, alice.split("\nuser ", -1).length - 1, alice);
        assertTrue(alice.contains("# Started as root, mosquitto drops to this user, who owns the owner-only files below;"
                + " started\n# as this user, it stays so.\nuser alice\n"), alice);
        String root = MosquittoConfig.render("e1", List.of(MosquittoListener.plain(1883)), Path.of("/p"), Path.of("/a"), "root");
        assertTrue(root.contains("\n# plan ran as root: ") && root.contains("so it stays root.") && root.contains("\nuser root\n"), root);
        assertThrows(IllegalArgumentException.class,
                () -> MosquittoConfig.render("e1", List.of(MosquittoListener.plain(1883)), Path.of("/p"), Path.of("/a"), "a b"));
    }

    @Test
    void brokerFilesNameTheirOwnerAsTheBrokersUser(@TempDir Path dir) throws Exception {
        BrokerFiles.Written files = BrokerFiles.write(dir, "e1", "coord", PATH_GRAPH, List.of(MosquittoListener.plain(1883)),
                new SecureRandom());
        String owner = Files.getOwner(files.passwords()).getName();
        assertTrue(Files.readString(files.config()).contains("\nuser " + owner + "\n"), Files.readString(files.config()));
    }

    @Test
    void theListenerBindsTheBrokerAddressTheDevicesAreGiven() {
        assertEquals("192.168.1.10", ListenerAddress.of(URI.create("tcp://192.168.1.10:1883"), Optional.empty()));
        assertEquals("broker.local", ListenerAddress.of(URI.create("ssl://broker.local:8883"), Optional.empty()));
        assertEquals("::1", ListenerAddress.of(URI.create("tcp://[::1]:1883"), Optional.empty()), "no brackets");
        String conf = MosquittoConfig.render("e1", List.of(new MosquittoListener(1883,
                Optional.of(ListenerAddress.of(URI.create("tcp://10.0.0.1:1883"), Optional.empty())), Optional.empty())),
                Path.of("/p"), Path.of("/a"), "alice");
        assertTrue(conf.contains("\nlistener 1883 10.0.0.1\n"), conf);
    }

    @Test
    void allInterfacesOnlyWhenAskedAndABadBindAddressIsOneLineNamingTheFlag() {
        assertEquals("0.0.0.0", ListenerAddress.of(URI.create("tcp://10.0.0.1:1883"), Optional.of("0.0.0.0")));
        assertEquals("::", ListenerAddress.of(URI.create("tcp://10.0.0.1:1883"), Optional.of("::")));
        for (String bad : List.of("", "a b", "host\nuser root", "-x")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ListenerAddress.of(URI.create("tcp://10.0.0.1:1883"), Optional.of(bad)));
            assertEquals("--bind '" + bad + "': not an IP address or host name (0.0.0.0 for all interfaces)",
                    refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> new MosquittoListener(1883, Optional.of("10.0.0.1 extra"), Optional.empty()));
    }

    /** The lines of one user's section of the ACL. */
    private static String section(String acl, String user) {
        int start = acl.indexOf("\nuser " + user + "\n");
        assertTrue(start >= 0, "no section for " + user);
        int end = acl.indexOf("\nuser ", start + 1);
        return acl.substring(start, end < 0 ? acl.length() : end + 1);
    }
}
