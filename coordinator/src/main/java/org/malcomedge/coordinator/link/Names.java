package org.malcomedge.coordinator.link;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The names of everything one shaped network makes, all starting with its prefix
 * ({@code mlc-} and four hex digits per run) so that {@code malcom cleanup} finds leftovers by
 * prefix. Interface names stay within the kernel's 15 characters up to a million devices.
 */
record Names(String prefix) {

    /** Every name this project makes starts with this. */
    static final String PROJECT = "mlc-";

    private static final Pattern VALID = Pattern.compile("mlc-[a-z0-9]{0,5}");

    Names {
        if (!VALID.matcher(prefix).matches()) {
            throw new IllegalArgumentException("--prefix: '" + prefix + "' is not a link prefix (expected " + PROJECT
                    + " and up to 5 lowercase letters or digits, e.g. mlc-3f9a)");
        }
    }

    /** A fresh prefix for one run. */
    static Names random() {
        byte[] id = new byte[2];
        ThreadLocalRandom.current().nextBytes(id);
        return new Names(PROJECT + HexFormat.of().formatHex(id));
    }

    boolean owns(String name) {
        return name.startsWith(prefix);
    }

    String bridge() {
        return prefix + "b";
    }

    String namespace(int device) {
        return prefix + "-n" + device;
    }

    /** The root namespace's end of a device's veth pair, a port of the bridge. */
    String hostVeth(int device) {
        return prefix + "h" + device;
    }

    /** The device's end of its veth pair, inside its namespace. */
    String deviceVeth(int device) {
        return prefix + "d" + device;
    }

    /** A veth pair made only to find out whether the kernel has netem. */
    String probe() {
        return prefix + "p";
    }

    String probePeer() {
        return prefix + "q";
    }
}
