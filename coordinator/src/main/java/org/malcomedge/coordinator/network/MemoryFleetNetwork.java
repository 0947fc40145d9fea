package org.malcomedge.coordinator.network;

import java.util.ArrayList;
import java.util.List;
import org.malcomedge.agent.transport.InMemoryNetwork;
import org.malcomedge.agent.transport.LinkModel;
import org.malcomedge.agent.transport.Transport;

/** {@link FleetNetwork} over an {@link InMemoryNetwork}: no sockets, the link model decides delays and losses. */
final class MemoryFleetNetwork implements FleetNetwork {

    private final InMemoryNetwork network;
    private final List<String> nodes = new ArrayList<>();

    MemoryFleetNetwork(LinkModel links) {
        this.network = new InMemoryNetwork(links);
    }

    @Override
    public Transport connect(String experiment, String node) {
        Transport transport = network.connect(node);
        nodes.add(node);
        return transport;
    }

    @Override
    public void deliverRound(long round, Parallel workers) {
        deliverAll(workers);
    }

    @Override
    public void repair(Parallel workers) {
        if (network.serveKeyframeRequests() > 0) {
            deliverAll(workers);
        }
    }

    private void deliverAll(Parallel workers) {
        workers.forEach(nodes.size(), i -> network.deliver(nodes.get(i)));
    }

    @Override
    public void tick() {
        network.tick();
    }

    @Override
    public long socketBytes(String node) {
        return -1;
    }

    @Override
    public void close() {
        // nothing outside this JVM's heap
    }
}
