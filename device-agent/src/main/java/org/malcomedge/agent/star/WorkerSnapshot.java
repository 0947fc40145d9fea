package org.malcomedge.agent.star;

/**
 * What a star worker needs to go on after a restart exactly as if it had not stopped (a
 * checkpoint's content): {@link McmWorker#snapshot} and {@link McmWorker#resume}.
 *
 * @param round           the last round the worker finished (taken part in or not)
 * @param batches         minibatches it has drawn: its sampler is brought back by drawing as many again
 * @param compression     its uplink dither generator's position ({@link SplitMixRandom#position})
 * @param model           w_hat
 * @param downlinkMemory  H (Rand-MCM: its own H_i), what the server holds of it
 * @param uplinkMemory    h_i
 */
public record WorkerSnapshot(int round, long batches, long compression, float[] model, float[] downlinkMemory,
                             float[] uplinkMemory) {

    public WorkerSnapshot {
        if (round < 0 || batches < 0) {
            throw new IllegalArgumentException("round and batches must be >= 0, got " + round + " and " + batches);
        }
        if (model.length != downlinkMemory.length || model.length != uplinkMemory.length) {
            throw new IllegalArgumentException("w_hat, H and h_i differ in length: " + model.length + ", "
                    + downlinkMemory.length + " and " + uplinkMemory.length);
        }
    }
}
