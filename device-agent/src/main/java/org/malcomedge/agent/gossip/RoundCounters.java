package org.malcomedge.agent.gossip;

import org.malcomedge.wire.ResidualFrame;

/**
 * A node's {@link NodeStats} as they accrue: frames, keyframes, repairs and drops whenever they
 * happen (an agent's neighbours repair it between its rounds too), the loss and compute time of
 * the last local step. Not thread-safe: the node calls it under its lock.
 */
final class RoundCounters {

    private double trainLoss;
    private double computeMillis;
    private long payloadBits;
    private long frameBytes;
    private int keyframes;
    private int repairs;
    private int droppedFrames;

    void trained(double loss, long startedNanos) {
        trainLoss = loss;
        computeMillis = (System.nanoTime() - startedNanos) / 1e6;
    }

    /** A frame this node publishes: its payloads (both with gradient tracking) are payload bits. */
    ResidualFrame sent(ResidualFrame frame) {
        payloadBits += 8L * (frame.getPayload().size() + frame.getTracker().size());
        frameBytes += frame.getSerializedSize();
        if (frame.getKeyframe()) {
            keyframes++;
        }
        return frame;
    }

    void repaired() {
        repairs++;
    }

    void dropped() {
        droppedFrames++;
    }

    NodeStats stats(double gamma) {
        return new NodeStats(trainLoss, payloadBits, frameBytes, keyframes, repairs, droppedFrames, computeMillis, gamma);
    }

    /** Starts counting the events afresh (the loss and compute time stay until the next step). */
    void reset() {
        payloadBits = 0;
        frameBytes = 0;
        keyframes = 0;
        repairs = 0;
        droppedFrames = 0;
    }
}
