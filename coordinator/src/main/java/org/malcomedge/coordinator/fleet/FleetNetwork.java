package org.malcomedge.coordinator.fleet;

import org.malcomedge.agent.transport.Transport;

/**
 * The network under a {@link SimulatedFleet}: hands out each node's {@link Transport} and lets the
 * synchronous engine deliver a round's frames, each receiver in a fixed order (by sender, epoch,
 * seq, keyframes last), whatever order they travelled in. Twins: {@link MemoryFleetNetwork}
 * (deterministic in-memory queues, link models) and {@link MqttFleetNetwork} (one MQTT connection
 * per node to a real broker).
 */
interface FleetNetwork extends AutoCloseable {

    /** The transport of {@code node} in {@code experiment} (which names its topics); one per node. */
    Transport connect(String experiment, String node);

    /** Hands every node the residual frames its neighbours published in {@code round}. */
    void deliverRound(long round, Workers workers);

    /** Serves the keyframe requests made since the last call and hands every subscriber the keyframes. */
    void repair(Workers workers);

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
