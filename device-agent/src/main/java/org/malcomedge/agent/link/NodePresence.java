package org.malcomedge.agent.link;

import org.malcomedge.firmware.BuildInfo;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;

/**
 * A node's state messages (BIRTH, LEAVE, the DEATH will) on its retained state topic, carrying its
 * latest round: the presence half of the fleet protocol, the same for every {@link FleetLink}.
 */
public final class NodePresence {

    private final String experiment;
    private final String node;
    private final int epoch;
    /** A silent client (the coordinator) has no state topic and announces nothing. */
    private final boolean announces;
    /** No BIRTH until {@link #release} (a device announces itself once it listens to its neighbours). */
    private volatile boolean birthHeld;
    private volatile long round;

    public NodePresence(String experiment, String node, int epoch, boolean announces, boolean holdBirth) {
        this.experiment = experiment;
        this.node = node;
        this.epoch = epoch;
        this.announces = announces;
        this.birthHeld = holdBirth;
    }

    public static NodePresence of(MqttLinkSettings settings, boolean holdBirth) {
        return new NodePresence(settings.experiment(), settings.clientId(), settings.epoch(), settings.announce(),
                holdBirth);
    }

    public NodeState state(NodeState.Status status, String detail) {
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
    public NodeState will() {
        return state(NodeState.Status.DEATH, "connection lost");
    }

    public String node() {
        return node;
    }

    public String experiment() {
        return experiment;
    }

    public String topic() {
        return Topics.state(experiment, node);
    }

    public boolean announces() {
        return announces;
    }

    public void progress(long completedRound) {
        round = completedRound;
    }

    public void release() {
        birthHeld = false;
    }

    /** Whether a connect announces the node now. */
    public boolean birthDue() {
        return announces && !birthHeld;
    }
}
