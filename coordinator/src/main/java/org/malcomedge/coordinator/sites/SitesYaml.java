package org.malcomedge.coordinator.sites;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.malcomedge.agent.InputException;
import org.malcomedge.coordinator.plan.YamlFields;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a sites file ({@code plan --sites}): one mapping {@code sites:} of site name to
 * {@code {broker: "host:port", devices: [id, ...]}}. Reading stops at the first problem and reports
 * it as one line, {@code FILE:LINE: FIELD: what is wrong}, so that the bridge renderer only ever
 * sees a complete map.
 */
public final class SitesYaml {

    static final String SITES = "sites";
    static final String BROKER = "broker";
    static final String DEVICES = "devices";
    /** Site names become folder names and bridge connection names: keep them plain. */
    private static final Pattern SITE_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    /** host:port, the host a name, an IPv4 address or a bracketed IPv6 address. */
    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):([0-9]{1,5})");

    private final String source;

    private SitesYaml(String source) {
        this.source = source;
    }

    /**
     * Reads and checks a sites file against the plan's device ids.
     *
     * @throws InputException one line naming the file, line and field of the first problem
     */
    public static SiteMap read(Path file, List<String> planned) {
        String text = YamlFields.readText(file, "--sites");
        return parse(text, file.toString(), planned);
    }

    static SiteMap parse(String yaml, String source, List<String> planned) {
        Node root = YamlFields.compose(yaml, source);
        return new SitesYaml(source).sites(root, planned);
    }

    private SiteMap sites(Node root, List<String> planned) {
        Map<String, Node> top = mapping(root, "", Set.of(SITES));
        Node sites = top.get(SITES);
        if (sites == null) {
            throw problem(root, SITES, "is required (a mapping of site name to broker and devices)");
        }
        Map<String, String> siteOf = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        Map<String, String> brokers = new LinkedHashMap<>();
        for (Map.Entry<String, Node> site : mapping(sites, SITES, null).entrySet()) {
            String name = site.getKey();
            String field = SITES + "." + name;
            if (!SITE_NAME.matcher(name).matches()) {
                throw problem(site.getValue(), field, "a site name may only hold letters, digits, '-' and '_'");
            }
            Map<String, Node> fields = mapping(site.getValue(), field, Set.of(BROKER, DEVICES));
            brokers.put(name, address(fields.get(BROKER), site.getValue(), field + "." + BROKER));
            for (ScalarNode device : devices(fields.get(DEVICES), site.getValue(), field + "." + DEVICES)) {
                String id = device.getValue();
                String earlier = siteOf.putIfAbsent(id, name);
                if (earlier != null) {
                    throw problem(device, field + "." + DEVICES, id + " is already on site " + earlier
                            + (earlier.equals(name) ? "" : " (line " + lineOf.get(id) + ")") + ": a device is on one site");
                }
                lineOf.put(id, YamlFields.lineOf(device));
                if (!planned.contains(id)) {
                    throw problem(device, field + "." + DEVICES, id + " is not a device of the plan (its devices: "
                            + String.join(", ", planned) + ")");
                }
            }
        }
        Set<String> homeless = new TreeSet<>(planned);
        homeless.removeAll(siteOf.keySet());
        if (!homeless.isEmpty()) {
            throw problem(sites, SITES, "no site lists the plan's " + (homeless.size() == 1 ? "device " : "devices ")
                    + String.join(", ", homeless) + ": every device is on one site");
        }
        return new SiteMap(siteOf, brokers);
    }

    /** The mapping's values by key, each key once; {@code allowed} null means any key. */
    private Map<String, Node> mapping(Node node, String field, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw problem(node, field, "expected a mapping" + (allowed == null ? ""
                    : " of " + String.join(", ", new TreeSet<>(allowed))) + ", found " + describe(node));
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                throw problem(keyNode, field, "keys must be plain names, found " + describe(keyNode));
            }
            String key = scalar.getValue();
            String named = field.isEmpty() ? key : field + "." + key;
            if (allowed != null && !allowed.contains(key)) {
                throw problem(keyNode, named, "unknown field (allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            if (values.putIfAbsent(key, tuple.getValueNode()) != null) {
                throw problem(keyNode, named, "given twice");
            }
        }
        return values;
    }

    private String address(Node node, Node site, String field) {
        if (node == null) {
            throw problem(site, field, "is required: the site broker's address as host:port, e.g. 10.0.0.2:1883");
        }
        String text = scalar(node, field).getValue().strip();
        var match = ADDRESS.matcher(text);
        if (!match.matches() || Integer.parseInt(match.group(2)) < 1 || Integer.parseInt(match.group(2)) > 65535) {
            throw problem(node, field, "'" + text + "' is not host:port (e.g. 10.0.0.2:1883, port 1 to 65535)");
        }
        return text;
    }

    private Collection<ScalarNode> devices(Node node, Node site, String field) {
        if (node == null) {
            throw problem(site, field, "is required: the list of the site's device ids");
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw problem(node, field, "expected a list of device ids, found " + describe(node));
        }
        return sequence.getValue().stream().map(item -> scalar(item, field)).toList();
    }

    private ScalarNode scalar(Node node, String field) {
        if (!(node instanceof ScalarNode scalar)) {
            throw problem(node, field, "expected a single value, found " + describe(node));
        }
        return scalar;
    }

    private InputException problem(Node at, String field, String message) {
        return new InputException(source + ":" + YamlFields.lineOf(at) + ": " + (field.isEmpty() ? "" : field + ": ") + message);
    }

    private static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        return node instanceof ScalarNode scalar ? "'" + scalar.getValue() + "'"
                : "a " + (node instanceof MappingNode ? "mapping" : "list");
    }
}
