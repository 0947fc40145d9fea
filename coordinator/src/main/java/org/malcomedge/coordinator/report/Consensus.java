package org.malcomedge.coordinator.report;

import java.util.List;

/**
 * The fleet's agreement in one round: {@code xbar = (1/n) sum_i x_i}, the consensus distance
 * {@code (1/n) sum_i ||x_i - xbar||^2} and the same over {@code ||xbar||^2}, summed in node order
 * in double. One computation for the simulator, the star fleet and a real fleet's collector, so the
 * three agree to the last bit on the same models.
 *
 * @param average            xbar as float32 (what the average-model accuracy is measured on)
 * @param normalizedDistance distance / ||xbar||^2 (NaN when xbar is 0)
 */
public record Consensus(float[] average, double distance, double normalizedDistance) {

    public static Consensus of(List<float[]> models) {
        int d = models.get(0).length;
        double[] mean = new double[d];
        for (float[] x : models) {
            for (int k = 0; k < d; k++) {
                mean[k] += x[k];
            }
        }
        double norm = 0;
        float[] xbar = new float[d];
        for (int k = 0; k < d; k++) {
            mean[k] /= models.size();
            norm += mean[k] * mean[k];
            xbar[k] = (float) mean[k];
        }
        double sum = 0;
        for (float[] x : models) {
            for (int k = 0; k < d; k++) {
                double diff = x[k] - mean[k];
                sum += diff * diff;
            }
        }
        double distance = sum / models.size();
        return new Consensus(xbar, distance, norm > 0 ? distance / norm : Double.NaN);
    }
}
