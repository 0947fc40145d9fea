package org.malcomedge.coordinator.network;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.transport.MqttTransport;
import org.malcomedge.agent.transport.Transport;
import org.malcomedge.agent.transport.TransportException;
import org.malcomedge.firmware.frames.Frames;
import org.malcomedge.wire.ResidualFrame;

/**
 * {@link FleetNetwork} over a real MQTT broker: every node has its own {@link MqttTransport} (own
 * client id, own socket), so every frame crosses the broker. Frames are buffered as they arrive;
 * a round (or a repair) is delivered once every node holds what it waits for, in the same fixed
 * order as the in-memory network ({@link Frames#DELIVERY_ORDER}), so both give the same numbers for
 * the same seed. The wait has a timeout whose message names the receiver and the missing sender.
 *
 * <p>Keyframe requests of a repair step are deduplicated per asked node (one request, one keyframe
 * to all its subscribers), as {@code InMemoryNetwork} does. The link model is not applied: the
 * broker's loss and delay are the real ones (none on loopback with QoS 1).
 */
final class MqttFleetNetwork implements FleetNetwork {

    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(30);

    private final URI broker;
    private final Duration timeout;
    private final Map<String, Node> nodes = new TreeMap<>();
    /** Guards every node's inbox; notified on each arrival. */
    private final Object arrivals = new Object();
    /** asked node -> the first node that asked it, since the last repair. */
    private final Map<String, String> keyframeRequests = new TreeMap<>();

    MqttFleetNetwork(URI broker) {
        this(broker, ROUND_TIMEOUT);
    }

    MqttFleetNetwork(URI broker, Duration timeout) {
        this.broker = broker;
        this.timeout = timeout;
    }

    @Override
    public Transport connect(String experiment, String id) {
        MqttTransport mqtt;
        try {
            mqtt = MqttTransport.connect(MqttLinkSettings.of(broker, id, experiment));
        } catch (LinkException e) {
            throw new TransportException(e.getMessage(), e);
        }
        Node node = new Node(mqtt);
        synchronized (nodes) {
            nodes.put(id, node);
        }
        return node;
    }

    @Override
    public void deliverRound(long round, Parallel workers) {
        await("the frame of round " + round, (node, sender) -> node.holds(sender, f -> !f.getKeyframe() && f.getRound() == round));
        deliverAll(workers);
    }

    @Override
    public void repair(Parallel workers) {
        Map<String, String> asked;
        synchronized (keyframeRequests) {
            if (keyframeRequests.isEmpty()) {
                return;
            }
            asked = new TreeMap<>(keyframeRequests);
            keyframeRequests.clear();
        }
        asked.forEach((sender, requester) -> nodes.get(requester).mqtt.requestKeyframe(sender));
        await("the keyframe", (node, sender) -> !asked.containsKey(sender) || node.holds(sender, ResidualFrame::getKeyframe));
        deliverAll(workers);
    }

    private void deliverAll(Parallel workers) {
        List<Node> all = new ArrayList<>(nodes.values());
        workers.forEach(all.size(), i -> all.get(i).deliver());
    }

    /** Waits until {@code arrived(receiver, sender)} holds for every subscription of every node. */
    private void await(String what, BiPredicate<Node, String> arrived) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (true) {
                String missing = firstMissing(arrived);
                if (missing == null) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TransportException(missing + " has not received " + what + " within "
                            + timeout.toSeconds() + " s via " + broker);
                }
                try {
                    arrivals.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    /** "n3 (from n2)" for the first receiver still missing a sender's frame, or null. */
    private String firstMissing(BiPredicate<Node, String> arrived) {
        for (Node node : nodes.values()) {
            for (String sender : node.handlers.keySet()) {
                if (!arrived.test(node, sender)) {
                    return node.node() + " (subscribed to " + sender + ")";
                }
            }
        }
        return null;
    }

    @Override
    public void tick() {
        // real time passes by itself
    }

    @Override
    public long socketBytes(String node) {
        return nodes.get(node).mqtt.socketBytes().sent();
    }

    @Override
    public void close() {
        nodes.values().forEach(Node::close);
        nodes.clear();
    }

    /** A node's transport whose incoming frames wait in an inbox until the engine delivers them. */
    private final class Node implements Transport {
        private final MqttTransport mqtt;
        private final Map<String, FrameHandler> handlers = new ConcurrentHashMap<>();
        private final List<TrafficListener> listeners = new CopyOnWriteArrayList<>();
        /** Guarded by {@link #arrivals}. */
        private final List<ResidualFrame> inbox = new ArrayList<>();

        Node(MqttTransport mqtt) {
            this.mqtt = mqtt;
        }

        private void arrived(ResidualFrame frame) {
            synchronized (arrivals) {
                inbox.add(frame);
                arrivals.notifyAll();
            }
        }

        private boolean holds(String sender, Predicate<ResidualFrame> kind) {
            for (ResidualFrame frame : inbox) {
                if (frame.getSender().equals(sender) && kind.test(frame)) {
                    return true;
                }
            }
            return false;
        }

        private void deliver() {
            List<ResidualFrame> due;
            synchronized (arrivals) {
                due = new ArrayList<>(inbox);
                inbox.clear();
            }
            due.sort(Frames.DELIVERY_ORDER);
            for (ResidualFrame frame : due) {
                FrameHandler handler = handlers.get(frame.getSender());
                if (handler != null) {
                    int bytes = frame.getSerializedSize();
                    listeners.forEach(l -> l.delivered(frame, bytes));
                    handler.onFrame(frame);
                }
            }
        }

        @Override
        public String node() {
            return mqtt.node();
        }

        @Override
        public void publish(ResidualFrame frame) {
            mqtt.publish(frame);
        }

        @Override
        public void subscribe(String sender, FrameHandler handler) {
            handlers.put(sender, handler);
            mqtt.subscribe(sender, this::arrived);
        }

        @Override
        public void unsubscribe(String sender) {
            handlers.remove(sender);
            mqtt.unsubscribe(sender);
        }

        @Override
        public void requestKeyframe(String sender) {
            synchronized (keyframeRequests) {
                keyframeRequests.putIfAbsent(sender, node());
            }
        }

        @Override
        public void onKeyframeRequest(Runnable publishKeyframe) {
            mqtt.onKeyframeRequest(publishKeyframe);
        }

        @Override
        public void addTrafficListener(TrafficListener listener) {
            listeners.add(listener);
            mqtt.addTrafficListener(new TrafficListener() {
                @Override
                public void published(ResidualFrame frame, int frameBytes) {
                    listener.published(frame, frameBytes);
                }
            });
        }

        @Override
        public void close() {
            mqtt.close();
        }
    }
}
