package org.malcomedge.coordinator.network;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.wire.ResidualFrame;

/**
 * The network under a star (DESIGN.md section 5, MCM star mode): the server's downlink
 * to the round's participants and their uplinks back, each message one {@link ResidualFrame}.
 * Twins: {@link MemoryStarNetwork} (frames handed over in this JVM) and {@link MqttStarNetwork} (one
 * MQTT connection for the server and one per worker, on {@code server/down}, {@code node/{id}/down}
 * and {@code node/{id}/up}). Receivers take frames by sender and round, so a run computes the same
 * numbers over either. Made by {@link #memory}, {@link #mqtt} and {@link #serverHalf}; used by the
 * simulated star ({@code sim.StarFleet}) and by a real star's server ({@code fleet.StarFleetServer}).
 */
public interface StarNetwork extends AutoCloseable {

    /** Frames handed over in this JVM, no sockets. */
    static StarNetwork memory() {
        return new MemoryStarNetwork();
    }

    /** One MQTT connection to {@code broker} for the server and one per worker; the caller closes it. */
    static StarNetwork mqtt(URI broker) {
        return new MqttStarNetwork(broker);
    }

    /**
     * The server half alone, on the open connection {@code serverLink} (a real fleet's workers are
     * devices): connect it with no workers; closing it leaves {@code serverLink} open.
     */
    static StarNetwork serverHalf(MqttLink serverLink, Duration timeout) {
        return new MqttStarNetwork(serverLink, timeout);
    }

    /** Connects the server and {@code workers} of {@code experiment} (which names the topics). */
    void connect(String experiment, String server, List<String> workers);

    /**
     * The server publishes a downlink frame: to every worker (empty {@code worker}: MCM's broadcast
     * on {@code server/down}), or to one worker (Rand-MCM's {@code node/{worker}/down}).
     */
    void publishDown(ResidualFrame frame, Optional<String> worker);

    /** A worker publishes its uplink frame (on {@code node/{sender}/up}). */
    void publishUp(ResidualFrame frame);

    /**
     * Waits for, and takes, the frame {@code receiver} got from {@code sender} for {@code round}.
     *
     * @throws org.malcomedge.agent.transport.TransportException when it does not come in time,
     *                                                           naming receiver, sender and round
     */
    ResidualFrame take(String receiver, String sender, long round);

    /** Bytes {@code node}'s socket has sent so far; negative when there is no socket. */
    long socketBytes(String node);

    @Override
    void close();
}
