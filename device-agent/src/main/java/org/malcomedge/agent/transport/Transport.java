package org.malcomedge.agent.transport;

import org.malcomedge.wire.ResidualFrame;

/**
 * Moves one node's frames to its graph neighbours (DESIGN.md section 5): the node publishes each
 * frame once, and every neighbour that subscribed to it receives it. Implementations: in memory
 * ({@link InMemoryNetwork}) and MQTT (residual and keyframe topics, QoS 1).
 *
 * <p>A transport only moves bytes: ordering, loss, duplicates and keyframe repair are the gossip
 * layer's business ({@code agent.gossip}), so the same node logic runs over any transport.
 */
public interface Transport extends AutoCloseable {

    /** The id of the node this transport belongs to. */
    String node();

    /**
     * Publishes one of this node's frames once: a residual (for D-PSGD, the model), or with
     * {@code keyframe} set, its full estimate repairing neighbours after a gap or a restart.
     */
    void publish(ResidualFrame frame);

    /** Delivers {@code sender}'s residual frames and keyframes to {@code handler}, in any order. */
    void subscribe(String sender, FrameHandler handler);

    void unsubscribe(String sender);

    /** Asks {@code sender} to publish a keyframe. */
    void requestKeyframe(String sender);

    /** Called (on a transport thread) when a neighbour asks this node for a keyframe. */
    void onKeyframeRequest(Runnable publishKeyframe);

    /** Byte accounting hook: sees every frame this node publishes and every frame delivered to it. */
    void addTrafficListener(TrafficListener listener);

    @Override
    void close();

    /** Receives frames from one sender. */
    @FunctionalInterface
    interface FrameHandler {
        void onFrame(ResidualFrame frame);
    }

    /** Byte accounting; every method is optional. */
    interface TrafficListener {

        /** This node published {@code frame} ({@code frameBytes} = its protobuf size). */
        default void published(ResidualFrame frame, int frameBytes) {
        }

        /** {@code frame} from {@code frame.getSender()} reached this node. */
        default void delivered(ResidualFrame frame, int frameBytes) {
        }

        /** {@code frame} from {@code frame.getSender()} was lost on its way to this node. */
        default void lost(ResidualFrame frame) {
        }
    }
}
