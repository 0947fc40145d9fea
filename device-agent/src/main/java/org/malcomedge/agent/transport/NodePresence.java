package org.malcomedge.agent.transport;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.malcomedge.firmware.BuildInfo;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;

/** A node's state messages (BIRTH, LEAVE, the DEATH will) on its retained state topic, carrying its latest round. */
final class NodePresence {

    private final MqttLinkSettings settings;
    /** No BIRTH until {@link #release}: see {@link MqttLink#connectBeforeBirth}. */
    private volatile boolean birthHeld;
    private volatile long round;

    NodePresence(MqttLinkSettings settings, boolean holdBirth) {
        this.settings = settings;
        this.birthHeld = holdBirth;
    }

    NodeState state(NodeState.Status status, String detail) {
        return NodeState.newBuilder()
                .setExperiment(settings.experiment())
                .setNode(settings.clientId())
                .setStatus(status)
                .setEpoch(settings.epoch())
                .setTimestampMs(System.currentTimeMillis())
                .setAgentVersion(BuildInfo.version())
                .setDetail(detail)
                .setRound(round)
                .build();
    }

    /** Retained, QoS 1: a late subscriber learns the node's latest state. */
    MqttMessage message(NodeState.Status status, String detail) {
        return Acks.message(state(status, detail).toByteArray(), true, Acks.QOS_ACKED);
    }

    String topic() {
        return Topics.state(settings.experiment(), settings.clientId());
    }

    void progress(long completedRound) {
        round = completedRound;
    }

    void release() {
        birthHeld = false;
    }

    /** Whether a connect announces the node now. */
    boolean birthDue() {
        return settings.announce() && !birthHeld;
    }
}
