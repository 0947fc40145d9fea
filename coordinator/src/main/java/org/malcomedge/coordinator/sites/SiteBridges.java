package org.malcomedge.coordinator.sites;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.firmware.topics.Topics.Kind;

/**
 * Mosquitto bridge sections for a fleet split across sites (issue 17, first step): only the
 * per-node topics a neighbour on another site reads cross a bridge, each in the direction its
 * publisher to reader runs. One bridge per site pair, hosted by the site whose name sorts first,
 * so no topic is carried twice; {@code try_private true} marks the bridge so the remote broker does
 * not echo messages back (Mosquitto's loop prevention).
 */
public final class SiteBridges {

    /** What a reader on another site reads of a node: the same list as the ACL's neighbour reads. */
    static final List<Kind> CROSSING = List.of(Kind.RESIDUAL, Kind.KEYFRAME, Kind.REPAIR, Kind.STATE);

    private SiteBridges() {
    }

    /** Undirected edges whose ends sit on different sites, each once as "a|b" with a before b. */
    public static Set<String> crossEdges(Map<String, Set<String>> neighbours, Map<String, String> siteOf) {
        Set<String> edges = new TreeSet<>();
        neighbours.forEach((node, around) -> around.forEach(other -> {
            if (!site(siteOf, node).equals(site(siteOf, other))) {
                edges.add(node.compareTo(other) < 0 ? node + "|" + other : other + "|" + node);
            }
        }));
        return edges;
    }

    /**
     * The bridge sections the given site hosts, to be appended to its mosquitto.conf.
     *
     * @param brokers site name to the remote address "host:port"
     */
    public static String render(String experiment, String site, Map<String, Set<String>> neighbours,
            Map<String, String> siteOf, Map<String, String> brokers) {
        Map<String, Set<String>> topicsByRemote = new TreeMap<>();
        new TreeMap<>(neighbours).forEach((node, around) -> around.forEach(reader -> {
            String from = site(siteOf, node);
            String to = site(siteOf, reader);
            if (from.equals(to) || !(from.equals(site) || to.equals(site))) {
                return;
            }
            String remote = from.equals(site) ? to : from;
            if (remote.compareTo(site) < 0) {
                return; // the other site hosts this pair's bridge
            }
            String direction = from.equals(site) ? "out" : "in";
            CROSSING.forEach(kind -> topicsByRemote.computeIfAbsent(remote, r -> new TreeSet<>())
                    .add("topic " + Topics.node(kind, experiment, node) + " " + direction + " 1"));
        }));
        StringBuilder conf = new StringBuilder();
        topicsByRemote.forEach((remote, topics) -> {
            String address = brokers.get(remote);
            if (address == null) {
                throw new IllegalArgumentException("site '" + remote + "' has no broker address");
            }
            conf.append("\nconnection ").append(site).append("-to-").append(remote).append('\n')
                    .append("address ").append(address).append('\n')
                    .append("remote_username bridge-").append(site).append('\n')
                    .append("try_private true\ncleansession false\n");
            topics.forEach(line -> conf.append(line).append('\n'));
        });
        return conf.toString();
    }

    private static String site(Map<String, String> siteOf, String node) {
        String site = siteOf.get(node);
        if (site == null) {
            throw new IllegalArgumentException("node '" + node + "' has no site");
        }
        return site;
    }
}
