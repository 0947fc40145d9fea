package org.malcomedge.agent.gossip;

/**
 * What one node did in one round.
 *
 * @param trainLoss     mean training loss over the H local steps
 * @param payloadBits   codec output this node published (residual plus any keyframes)
 * @param frameBytes    the same as serialized frames
 * @param keyframes     keyframes this node published (repairs it served)
 * @param repairs       keyframes this node accepted (estimates it repaired)
 * @param droppedFrames frames it received but could not use: corrupt, wrong dimension or codec,
 *                      from a non-neighbour
 * @param computeMillis time in the local training step
 * @param gamma         the node's consensus step gamma_i at the end of the round (NaN for D-PSGD)
 */
public record NodeStats(
        double trainLoss,
        long payloadBits,
        long frameBytes,
        int keyframes,
        int repairs,
        int droppedFrames,
        double computeMillis,
        double gamma) {
}
