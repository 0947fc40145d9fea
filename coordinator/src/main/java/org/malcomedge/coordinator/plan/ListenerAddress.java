package org.malcomedge.coordinator.plan;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address the generated listener binds ({@code listener PORT ADDRESS}): {@code plan --bind}
 * when given, else the host of {@code --broker}, the one the devices are told to connect to. So
 * the broker listens where the devices look and nowhere else; all interfaces only when asked,
 * {@code --bind 0.0.0.0} (IPv4) or {@code --bind ::}.
 *
 * <p>A host name is written as it is: Mosquitto resolves it when it starts and binds every address
 * it gets. {@code plan} cannot check that it is the broker host's own (plan may run on another
 * machine), so a name that does not resolve there stops Mosquitto at start with {@code Error
 * creating listener: Name or service not known}, and one that resolves to another machine's
 * address (a router's name behind NAT) with {@code Error: Cannot assign requested address}: plan
 * again with {@code --bind} and the broker host's own address.
 */
public final class ListenerAddress {

    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private ListenerAddress() {
    }

    /**
     * @param broker the {@code --broker} URI, with a host
     * @param bind   {@code --bind}, if given
     * @throws IllegalArgumentException naming {@code --bind} when it is neither an IP address nor a host name
     */
    public static String of(URI broker, Optional<String> bind) {
        if (bind.isPresent()) {
            return check("--bind", bind.get());
        }
        String host = broker.getHost();
        // URI keeps an IPv6 literal's brackets; Mosquitto wants the bare address
        return check("--broker " + broker + ": host", host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host);
    }

    /** {@code address} when it can stand in a listener line, an IP address or a host name. */
    static String check(String what, String address) {
        if (!HOST_NAME.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            throw new IllegalArgumentException(what + " '" + address + "': not an IP address or host name"
                    + " (0.0.0.0 for all interfaces)");
        }
        return address;
    }
}
