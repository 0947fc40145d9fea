package org.malcomedge.agent.transport;

import org.malcomedge.firmware.BuildInfo;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;

/**
 * A node's state messages (BIRTH, LEAVE, the DEATH will) on its retained state topic, carrying its
 * latest round: the presence half of the fleet protocol, the same for every {@link FleetLink}.
 */
final class NodePresence {

    private final String experiment;
    private final String node;
    private final int epoch;
    /** A silent client (the coordinator) has no state topic and announces nothing. */
    private final boolean announces;
    /** No BIRTH until {@link #release}: see {@link MqttLink#connectBeforeBirth}. */
    private volatile boolean birthHeld;
    private volatile long round;

    NodePresence(String experiment, String node, int epoch, boolean announces, boolean holdBirth) {
        this.experiment = experiment;
        this.node = node;
        this.epoch = epoch;
        this.announces = announces;
        this.birthHeld = holdBirth;
    }

    static NodePresence of(MqttLinkSettings settings, boolean holdBirth) {
        return new NodePresence(settings.experiment(), settings.clientId(), settings.epoch(), settings.announce(),
                holdBirth);
    }

    NodeState state(NodeState.Status status, String detail) {
        return NodeState.newBuilder()
                .setExperiment(experiment)
                .setNode(node)
                .setStatus(status)
                .setEpoch(epoch)
                .setTimestampMs(System.currentTimeMillis())
                .setAgentVersion(BuildInfo.version())
                .setDetail(detail)
                .setRound(round)
                .build();
    }

    /** The will a broker publishes when the connection drops without a DISCONNECT. */
    NodeState will() {
        return state(NodeState.Status.DEATH, "connection lost");
    }

    String node() {
        return node;
    }

    String experiment() {
        return experiment;
    }

    String topic() {
        return Topics.state(experiment, node);
    }

    boolean announces() {
        return announces;
    }

    void progress(long completedRound) {
        round = completedRound;
    }

    void release() {
        birthHeld = false;
    }

    /** Whether a connect announces the node now. */
    boolean birthDue() {
        return announces && !birthHeld;
    }
}
