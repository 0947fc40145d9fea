package org.malcomedge.agent.transport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.malcomedge.firmware.frames.Frames;
import org.malcomedge.wire.ResidualFrame;

/**
 * Many nodes' transports in one JVM with deterministic delivery. Publishing only queues a frame
 * for each current subscriber (with the {@link LinkModel}'s delay or loss); the driver decides when
 * frames arrive: {@link #deliver(String)} hands a receiver every frame that is due, ordered by
 * due tick, then {@link Frames#DELIVERY_ORDER}, whatever order the publishing threads ran in.
 *
 * <p>Thread-safe: nodes may publish concurrently and different receivers may be delivered to
 * concurrently; one receiver's deliveries must not overlap.
 */
public final class InMemoryNetwork {

    private static final Comparator<Pending> DELIVERY_ORDER = Comparator.comparingLong(Pending::due)
            .thenComparing(Pending::frame, Frames.DELIVERY_ORDER);

    private final LinkModel links;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    /** sender -> ids of the nodes subscribed to it. */
    private final Map<String, Set<String>> subscribers = new ConcurrentHashMap<>();
    private final TreeSet<String> keyframeRequests = new TreeSet<>();
    private volatile long now;

    public InMemoryNetwork(LinkModel links) {
        this.links = Objects.requireNonNull(links, "links");
    }

    /** The transport of {@code node}; one per node. */
    public Transport connect(String node) {
        Endpoint endpoint = new Endpoint(node);
        if (endpoints.putIfAbsent(node, endpoint) != null) {
            throw new IllegalStateException("node " + node + " is already connected");
        }
        return endpoint;
    }

    /** Advances the network clock: a frame published with delay k is due k ticks after its publication. */
    public void tick() {
        now++;
    }

    /**
     * Hands {@code receiver} every queued frame whose due tick has come, in delivery order.
     *
     * @return the number of frames delivered
     */
    public int deliver(String receiver) {
        Endpoint endpoint = endpoints.get(receiver);
        if (endpoint == null) {
            return 0;
        }
        List<Pending> due = endpoint.takeDue(now);
        for (Pending pending : due) {
            Transport.FrameHandler handler = endpoint.subscriptions.get(pending.frame().getSender());
            if (handler != null) {
                int bytes = pending.frame().getSerializedSize();
                endpoint.delivered(pending.frame(), bytes);
                handler.onFrame(pending.frame());
            }
        }
        return due.size();
    }

    /** {@link #deliver(String)} for every connected node, in id order. */
    public int deliverAll() {
        int delivered = 0;
        for (String receiver : new TreeSet<>(endpoints.keySet())) {
            delivered += deliver(receiver);
        }
        return delivered;
    }

    /**
     * Runs the keyframe callbacks of every node asked for a keyframe since the last call, in id
     * order; the keyframes they publish are queued like any frame.
     *
     * @return the number of nodes that were asked
     */
    public int serveKeyframeRequests() {
        List<String> asked;
        synchronized (keyframeRequests) {
            asked = new ArrayList<>(keyframeRequests);
            keyframeRequests.clear();
        }
        for (String node : asked) {
            Endpoint endpoint = endpoints.get(node);
            if (endpoint != null) {
                endpoint.keyframePublisher().ifPresent(Runnable::run);
            }
        }
        return asked.size();
    }

    /** Frames queued and not yet delivered, over all receivers. */
    public int pending() {
        return endpoints.values().stream().mapToInt(Endpoint::queued).sum();
    }

    private void removeSubscriber(String sender, String receiver) {
        Set<String> set = subscribers.get(sender);
        if (set != null) {
            set.remove(receiver);
        }
    }

    private record Pending(long due, ResidualFrame frame) {
    }

    private final class Endpoint extends TransportHooks {
        private final String node;
        private final Map<String, FrameHandler> subscriptions = new ConcurrentHashMap<>();
        /** Queued frames for this receiver. */
        private final List<Pending> inbox = new ArrayList<>();

        Endpoint(String node) {
            this.node = node;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public void publish(ResidualFrame frame) {
            int bytes = frame.getSerializedSize();
            published(frame, bytes);
            for (String id : subscribers.getOrDefault(node, Set.of())) {
                Endpoint receiver = endpoints.get(id);
                if (receiver != null && receiver != this) {
                    int delay = links.delay(node, id, frame);
                    if (delay == LinkModel.LOST) {
                        receiver.lost(frame);
                    } else {
                        receiver.enqueue(new Pending(now + delay, frame));
                    }
                }
            }
        }

        private synchronized void enqueue(Pending pending) {
            inbox.add(pending);
        }

        private synchronized List<Pending> takeDue(long tick) {
            List<Pending> due = new ArrayList<>();
            inbox.removeIf(p -> p.due() <= tick && due.add(p));
            due.sort(DELIVERY_ORDER);
            return due;
        }

        private synchronized int queued() {
            return inbox.size();
        }

        @Override
        public void subscribe(String sender, FrameHandler handler) {
            subscriptions.put(sender, Objects.requireNonNull(handler, "handler"));
            subscribers.computeIfAbsent(sender, s -> new ConcurrentSkipListSet<>()).add(node);
        }

        @Override
        public void unsubscribe(String sender) {
            subscriptions.remove(sender);
            removeSubscriber(sender, node);
        }

        @Override
        public void requestKeyframe(String sender) {
            synchronized (keyframeRequests) {
                keyframeRequests.add(sender);
            }
        }

        @Override
        public void close() {
            endpoints.remove(node, this);
            subscriptions.keySet().forEach(sender -> removeSubscriber(sender, node));
            subscriptions.clear();
        }
    }
}
