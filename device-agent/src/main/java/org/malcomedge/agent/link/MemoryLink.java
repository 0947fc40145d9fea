package org.malcomedge.agent.link;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.malcomedge.wire.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's {@link FleetLink} to a {@link MemoryBroker}. Publishes are routed at once and
 * acknowledged at once; received messages are handed to the handlers on this link's own delivery
 * thread.
 */
public final class MemoryLink implements FleetLink {

    private static final Logger log = LoggerFactory.getLogger(MemoryLink.class);

    private enum State { OPEN, LEFT, CRASHED }

    private record Subscription(int qos, MessageHandler handler) {
    }

    private final MemoryBroker broker;
    private final NodePresence presence;
    private final int maxFrameBytes;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final ExecutorService delivery;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile State state = State.OPEN;

    MemoryLink(MemoryBroker broker, NodePresence presence, int maxFrameBytes) {
        this.broker = broker;
        this.presence = presence;
        this.maxFrameBytes = maxFrameBytes;
        this.delivery = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "memory-link-" + presence.node());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String clientId() {
        return presence.node();
    }

    @Override
    public String experiment() {
        return presence.experiment();
    }

    @Override
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    @Override
    public void subscribe(String topicFilter, int qos, MessageHandler handler) throws LinkException {
        requireOpen("subscribe to " + topicFilter);
        broker.subscribe(this, topicFilter, qos, handler);
    }

    @Override
    public synchronized void unsubscribe(String topicFilter) {
        subscriptions.remove(topicFilter);
    }

    @Override
    public Sent send(String topic, byte[] payload, int qos, boolean retained) throws LinkException {
        if (payload.length > maxFrameBytes) {
            throw new LinkException("refusing to publish " + payload.length + " bytes on " + topic
                    + ": larger than the maximum frame size " + maxFrameBytes);
        }
        requireOpen("publish on " + topic);
        transmit(topic, payload, qos, retained);
        return Sent.CONFIRMED;
    }

    private void transmit(String topic, byte[] payload, int qos, boolean retained) {
        sent.addAndGet(MemoryBroker.publishPacketBytes(topic, payload.length, qos));
        received.addAndGet(MemoryBroker.acknowledgementBytes(qos));
        broker.route(topic, payload, qos, retained);
    }

    @Override
    public NodeState state(NodeState.Status status, String detail) {
        return presence.state(status, detail);
    }

    @Override
    public void announce(long completedRound) throws LinkException {
        requireOpen("announce itself");
        progress(completedRound);
        presence.release();
        publishState(NodeState.Status.BIRTH, CONNECTED);
    }

    @Override
    public void progress(long completedRound) {
        presence.progress(completedRound);
    }

    /** Publishes the LEAVE (for a node), drops the subscriptions, discards the will. */
    @Override
    public void leave(String detail) {
        if (state != State.OPEN) {
            return;
        }
        if (presence.announces()) {
            publishState(NodeState.Status.LEAVE, detail);
        }
        close(State.LEFT);
    }

    /**
     * Dies the way a killed process does: no LEAVE, nothing delivered any more, and the broker
     * publishes the node's DEATH will.
     */
    public void crash() {
        if (state != State.OPEN) {
            return;
        }
        close(State.CRASHED);
        if (presence.announces()) {
            broker.route(presence.topic(), presence.will().toByteArray(), 1, true);
        }
    }

    private void close(State end) {
        state = end;
        broker.disconnect(this);
        synchronized (this) {
            subscriptions.clear();
        }
        delivery.shutdownNow();
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        // nothing to tell: a memory link never loses its connection, only a crash ends it
    }

    @Override
    public boolean isConnected() {
        return state == State.OPEN;
    }

    @Override
    public SocketBytes socketBytes() {
        return new SocketBytes(received.get(), sent.get());
    }

    /** Retained, QoS 1: a late subscriber learns the node's latest state. */
    private void publishState(NodeState.Status status, String detail) {
        transmit(presence.topic(), presence.state(status, detail).toByteArray(), 1, true);
    }

    synchronized void addSubscription(String filter, int qos, MessageHandler handler) {
        for (String other : subscriptions.keySet()) {
            if (!other.equals(filter) && MemoryBroker.overlap(other, filter)) {
                throw new IllegalArgumentException(clientId() + ": subscription " + filter + " overlaps " + other
                        + " (a broker may deliver a message once per matching subscription)");
            }
        }
        subscriptions.put(filter, new Subscription(qos, handler));
    }

    /** Under the broker's lock: queues the message for every subscription that matches it now. */
    void offer(String topic, byte[] payload, int qos) {
        List<Map.Entry<String, MessageHandler>> matching = new ArrayList<>();
        int deliveredQos = 0;
        synchronized (this) {
            for (Map.Entry<String, Subscription> s : subscriptions.entrySet()) {
                if (MemoryBroker.matches(s.getKey(), topic)) {
                    matching.add(Map.entry(s.getKey(), s.getValue().handler()));
                    deliveredQos = Math.max(deliveredQos, Math.min(qos, s.getValue().qos()));
                }
            }
        }
        if (matching.isEmpty()) {
            return;
        }
        received.addAndGet(MemoryBroker.publishPacketBytes(topic, payload.length, deliveredQos));
        sent.addAndGet(MemoryBroker.acknowledgementBytes(deliveredQos));
        try {
            delivery.execute(() -> deliver(matching, topic, payload));
        } catch (RejectedExecutionException closed) {
            // the link left or crashed: nothing is delivered to it any more
        }
    }

    /** On the delivery thread: a failing handler is logged, and must not stop the messages after it. */
    private void deliver(List<Map.Entry<String, MessageHandler>> handlers, String topic, byte[] payload) {
        for (Map.Entry<String, MessageHandler> s : handlers) {
            if (state != State.OPEN) {
                return;
            }
            try {
                s.getValue().onMessage(topic, payload);
            } catch (RuntimeException e) {
                log.error("{}: handler for {} failed on {}", clientId(), s.getKey(), topic, e);
            }
        }
    }

    private void requireOpen(String what) throws LinkException {
        if (state != State.OPEN) {
            throw new LinkException("cannot " + what + ": the link of '" + clientId() + "' is closed");
        }
    }
}
