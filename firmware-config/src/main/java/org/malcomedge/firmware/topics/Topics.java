package org.malcomedge.firmware.topics;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that builds and parses MQTT topic strings (DESIGN.md section 5).
 *
 * <pre>
 * malcom/{exp}/plan                 retained ExperimentPlan
 * malcom/{exp}/control              Control
 * malcom/{exp}/node/{id}/state      retained NodeState
 * malcom/{exp}/node/{id}/residual   ResidualFrame
 * malcom/{exp}/node/{id}/keyframe   ResidualFrame with keyframe = true
 * malcom/{exp}/node/{id}/repair     keyframe request of node id; payload: the UTF-8 id of the neighbour asked
 * malcom/{exp}/node/{id}/metrics    RoundReport
 * malcom/{exp}/node/{id}/up         MCM uplink C_up(Delta_i), worker id -> server
 * malcom/{exp}/node/{id}/down       Rand-MCM downlink Omega_i, server -> worker id only
 * malcom/{exp}/server/down          MCM downlink Omega, server -> every worker
 * </pre>
 *
 * Experiment names and node ids are restricted to {@code [A-Za-z0-9._-]}, at most
 * {@value #MAX_NAME_LENGTH} characters, so they can never add a level or a wildcard to the tree.
 */
public final class Topics {

    public static final String ROOT = "malcom";
    public static final int MAX_NAME_LENGTH = 64;

    private Topics() {
    }

    /** The kinds of topic in the tree; {@link #perNode()} tells whether a node id is part of it. */
    public enum Kind {
        PLAN("plan", false),
        CONTROL("control", false),
        SERVER_DOWN("server/down", false),
        STATE("state", true),
        RESIDUAL("residual", true),
        KEYFRAME("keyframe", true),
        /**
         * Keyframe requests go out on the requester's own topic (naming the neighbour asked in the
         * payload), so the ACL rule "a device writes only its own topics" still holds.
         */
        REPAIR("repair", true),
        METRICS("metrics", true),
        UP("up", true),
        /**
         * Rand-MCM's per-worker downlink: the server writes it, only worker {@code id} reads it, so the
         * broker delivers each worker its own message and the ACL keeps the others out.
         */
        DOWN("down", true);

        private final String suffix;
        private final boolean perNode;

        Kind(String suffix, boolean perNode) {
            this.suffix = suffix;
            this.perNode = perNode;
        }

        public boolean perNode() {
            return perNode;
        }

        String suffix() {
            return suffix;
        }
    }

    /** A parsed topic: its kind, experiment and (for per-node kinds) node id, else empty. */
    public record Topic(Kind kind, String experiment, Optional<String> node) {
        public Topic {
            Objects.requireNonNull(kind, "kind");
            checkName("experiment", experiment);
            node.ifPresent(id -> checkName("node id", id));
            if (kind.perNode() != node.isPresent()) {
                throw new IllegalArgumentException(kind + (kind.perNode()
                        ? " topics need a node id" : " topics have no node id"));
            }
        }

        /** The topic string, e.g. {@code malcom/exp1/node/n3/residual}. */
        public String path() {
            return node.map(id -> String.join("/", ROOT, experiment, "node", id, kind.suffix()))
                    .orElseGet(() -> String.join("/", ROOT, experiment, kind.suffix()));
        }

        @Override
        public String toString() {
            return path();
        }
    }

    public static String plan(String experiment) {
        return new Topic(Kind.PLAN, experiment, Optional.empty()).path();
    }

    public static String control(String experiment) {
        return new Topic(Kind.CONTROL, experiment, Optional.empty()).path();
    }

    public static String serverDown(String experiment) {
        return new Topic(Kind.SERVER_DOWN, experiment, Optional.empty()).path();
    }

    public static String state(String experiment, String node) {
        return node(Kind.STATE, experiment, node);
    }

    public static String residual(String experiment, String node) {
        return node(Kind.RESIDUAL, experiment, node);
    }

    public static String keyframe(String experiment, String node) {
        return node(Kind.KEYFRAME, experiment, node);
    }

    public static String repair(String experiment, String node) {
        return node(Kind.REPAIR, experiment, node);
    }

    public static String metrics(String experiment, String node) {
        return node(Kind.METRICS, experiment, node);
    }

    public static String up(String experiment, String node) {
        return node(Kind.UP, experiment, node);
    }

    public static String down(String experiment, String node) {
        return node(Kind.DOWN, experiment, node);
    }

    public static String node(Kind kind, String experiment, String node) {
        return new Topic(kind, experiment, Optional.of(node)).path();
    }

    /** Subscription filter for one kind of per-node topic across all nodes of an experiment. */
    public static String allNodes(Kind kind, String experiment) {
        if (!kind.perNode()) {
            throw new IllegalArgumentException(kind + " is not a per-node topic");
        }
        checkName("experiment", experiment);
        return String.join("/", ROOT, experiment, "node", "+", kind.suffix());
    }

    /**
     * Parses a topic string of this tree.
     *
     * @throws IllegalArgumentException naming what is wrong, for anything that is not one of our topics
     */
    public static Topic parse(String topic) {
        Objects.requireNonNull(topic, "topic");
        List<String> levels = List.of(topic.split("/", -1));
        if (levels.size() < 3 || !ROOT.equals(levels.get(0))) {
            throw new IllegalArgumentException("topic '" + topic + "' does not start with '" + ROOT + "/{experiment}/'");
        }
        String experiment = levels.get(1);
        List<String> rest = levels.subList(2, levels.size());
        if (rest.size() == 1) {
            for (Kind kind : List.of(Kind.PLAN, Kind.CONTROL)) {
                if (kind.suffix().equals(rest.get(0))) {
                    return new Topic(kind, experiment, Optional.empty());
                }
            }
        } else if (rest.size() == 2 && "server".equals(rest.get(0)) && "down".equals(rest.get(1))) {
            return new Topic(Kind.SERVER_DOWN, experiment, Optional.empty());
        } else if (rest.size() == 3 && "node".equals(rest.get(0))) {
            for (Kind kind : Kind.values()) {
                if (kind.perNode() && kind.suffix().equals(rest.get(2))) {
                    return new Topic(kind, experiment, Optional.of(rest.get(1)));
                }
            }
        }
        throw new IllegalArgumentException("topic '" + topic + "' is not a MALCOM topic (expected plan, control,"
                + " server/down or node/{id}/state|residual|keyframe|repair|metrics|up|down after the experiment)");
    }

    /**
     * Checks that an experiment name or node id can stand as one topic level.
     *
     * @param what what the name is, for the message ("node id", "experiment")
     * @throws IllegalArgumentException naming the problem and the offending value
     */
    public static String checkName(String what, String name) {
        String problem = nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + problem);
        }
        return name;
    }

    /** Why {@code name} cannot be a topic level, or null when it can. */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "'" + abbreviate(name) + "' is longer than " + MAX_NAME_LENGTH + " characters (" + name.length() + ")";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                String shown = c == '+' || c == '#' || c == '/' ? "'" + c + "'"
                        : String.format("U+%04X", (int) c);
                return "'" + name + "' contains " + shown + " (allowed: letters, digits, '.', '_', '-')";
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 21) + "...";
    }
}
