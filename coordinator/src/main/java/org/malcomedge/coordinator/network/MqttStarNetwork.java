package org.malcomedge.coordinator.network;

import org.malcomedge.agent.star.StarMailboxes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.malcomedge.agent.star.StarFrames;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.transport.TransportException;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.ResidualFrame;

/**
 * {@link StarNetwork} over a real MQTT broker, one {@link MqttLink} (own client id, own socket) for
 * the server and one per worker, QoS 1 (DESIGN.md section 5):
 * <ul>
 *   <li>MCM, mcm-uplink, mcm-naive: the server publishes Omega once on {@code server/down}, every
 *       worker subscribes to it (the broker fans it out);</li>
 *   <li>Rand-MCM: the server publishes Omega_i on {@code node/{i}/down}, which only worker i
 *       subscribes to (and, with the generated ACL, only worker i may read);</li>
 *   <li>worker i publishes C_up(Delta_i) on {@code node/{i}/up}; the server subscribes to
 *       {@code node/+/up}.</li>
 * </ul>
 * A message that is not an intact frame of this experiment from the sender its topic names is
 * dropped and logged; the receiver then times out naming what it waited for.
 */
final class MqttStarNetwork implements StarNetwork {

    private static final int QOS_ACKED = 1;

    private final URI broker;
    private final StarMailboxes mailboxes;
    private final Map<String, MqttLink> links = new TreeMap<>();
    /** The server's connection when it is someone else's (the coordinator's), which this does not close. */
    private final MqttLink serverLink;
    private String experiment;
    private String server;

    MqttStarNetwork(URI broker) {
        this(broker, MqttFleetNetwork.ROUND_TIMEOUT);
    }

    MqttStarNetwork(URI broker, Duration timeout) {
        this.broker = broker;
        this.mailboxes = new StarMailboxes(timeout, broker.toString());
        this.serverLink = null;
    }

    /**
     * The server half alone, on an open connection (a real fleet's workers are devices): connect it
     * with no workers; closing this leaves {@code serverLink} open.
     */
    MqttStarNetwork(MqttLink serverLink, Duration timeout) {
        this.broker = serverLink.settings().broker();
        this.mailboxes = new StarMailboxes(timeout, broker.toString());
        this.serverLink = serverLink;
    }

    @Override
    public void connect(String experimentName, String serverId, List<String> workers) {
        this.experiment = experimentName;
        this.server = serverId;
        try {
            link(serverId).subscribe(Topics.allNodes(Topics.Kind.UP, experiment), QOS_ACKED,
                    (topic, payload) -> receive(serverId, Topics.parse(topic).node().orElseThrow(), topic, payload));
            for (String worker : workers) {
                MqttLink link = link(worker);
                MqttLink.MessageHandler fromServer = (topic, payload) -> receive(worker, serverId, topic, payload);
                link.subscribe(Topics.serverDown(experiment), QOS_ACKED, fromServer);
                link.subscribe(Topics.down(experiment, worker), QOS_ACKED, fromServer);
            }
        } catch (LinkException e) {
            close();
            throw new TransportException(e.getMessage(), e);
        }
    }

    private MqttLink link(String id) throws LinkException {
        if (serverLink != null && id.equals(server)) {
            return serverLink;
        }
        MqttLink link = MqttLink.connect(MqttLinkSettings.of(broker, id, experiment));
        links.put(id, link);
        return link;
    }

    private void receive(String receiver, String sender, String topic, byte[] payload) {
        StarFrames.admit(receiver, experiment, sender, topic, payload).ifPresent(frame -> mailboxes.arrived(receiver, frame));
    }

    @Override
    public void publishDown(ResidualFrame frame, Optional<String> worker) {
        publish(server, worker.map(w -> Topics.down(experiment, w)).orElseGet(() -> Topics.serverDown(experiment)), frame);
    }

    @Override
    public void publishUp(ResidualFrame frame) {
        publish(frame.getSender(), Topics.up(experiment, frame.getSender()), frame);
    }

    private void publish(String sender, String topic, ResidualFrame frame) {
        try {
            linkOf(sender).publish(topic, frame.toByteArray(), QOS_ACKED, false);
        } catch (LinkException e) {
            throw new TransportException(sender + " cannot publish its frame of round " + frame.getRound() + ": "
                    + e.getMessage(), e);
        }
    }

    private MqttLink linkOf(String id) {
        return serverLink != null && id.equals(server) ? serverLink : links.get(id);
    }

    @Override
    public ResidualFrame take(String receiver, String sender, long round) {
        return mailboxes.take(receiver, sender, round);
    }

    /** Sent bytes only, as {@link FleetNetwork#socketBytes}: the broker's fan-out shows up in what the receivers acknowledge. */
    @Override
    public long socketBytes(String node) {
        return linkOf(node).socketBytes().sent();
    }

    @Override
    public void close() {
        links.values().forEach(MqttLink::close);
        links.clear();
    }
}
