package org.malcomedge.coordinator.network;

import java.net.URI;
import java.util.function.IntConsumer;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.transport.Transport;

/**
 * The network under the simulated gossip fleet ({@code sim.SimulatedFleet}): hands out each node's {@link Transport} and lets the
 * synchronous engine deliver a round's frames, each receiver in a fixed order (by sender, epoch,
 * seq, keyframes last), whatever order they travelled in. Twins: {@link MemoryFleetNetwork}
 * (deterministic in-memory queues, link models) and {@link MqttFleetNetwork} (one MQTT connection
 * per node to a real broker), made by {@link #memory} and {@link #mqtt}.
 */
public interface FleetNetwork extends AutoCloseable {

    /** Runs a task for every node index 0..n-1 and waits (the engine's worker pool). */
    @FunctionalInterface
    interface Parallel {
        void forEach(int n, IntConsumer task);
    }

    /** Deterministic in-memory queues; {@code links} decides delays and losses. */
    static FleetNetwork memory(LinkModel links) {
        return new MemoryFleetNetwork(links);
    }

    /** One MQTT connection per node to {@code broker}; the caller closes it after the run. */
    static FleetNetwork mqtt(URI broker) {
        return new MqttFleetNetwork(broker);
    }

    /** The transport of {@code node} in {@code experiment} (which names its topics); one per node. */
    Transport connect(String experiment, String node);

    /** Hands every node the residual frames its neighbours published in {@code round}. */
    void deliverRound(long round, Parallel workers);

    /** Serves the keyframe requests made since the last call and hands every subscriber the keyframes. */
    void repair(Parallel workers);

    /** The round is over (frames delayed by the link model come due ticks later). */
    void tick();

    /**
     * Bytes {@code node}'s socket sent so far (its one published copy of each frame, MQTT headers,
     * acknowledgements of what it received, pings); negative when there is no socket. Sent, not
     * sent + received: the broker's fan-out to the neighbours shows up in their received bytes, and
     * counting both would bill every frame 1 + degree times against its one payload.
     */
    long socketBytes(String node);

    @Override
    void close();
}
