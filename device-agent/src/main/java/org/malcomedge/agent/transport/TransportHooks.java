package org.malcomedge.agent.transport;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.malcomedge.wire.ResidualFrame;

/** What every {@link Transport} keeps for its node: who publishes its keyframes on request, and who counts its traffic. */
abstract class TransportHooks implements Transport {

    private final List<TrafficListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Runnable keyframePublisher;

    @Override
    public final void onKeyframeRequest(Runnable publishKeyframe) {
        keyframePublisher = publishKeyframe;
    }

    @Override
    public final void addTrafficListener(TrafficListener listener) {
        listeners.add(listener);
    }

    /** The keyframe publisher, once the node set one. */
    final Optional<Runnable> keyframePublisher() {
        return Optional.ofNullable(keyframePublisher);
    }

    final void published(ResidualFrame frame, int bytes) {
        listeners.forEach(l -> l.published(frame, bytes));
    }

    final void delivered(ResidualFrame frame, int bytes) {
        listeners.forEach(l -> l.delivered(frame, bytes));
    }

    final void lost(ResidualFrame frame) {
        listeners.forEach(l -> l.lost(frame));
    }
}
