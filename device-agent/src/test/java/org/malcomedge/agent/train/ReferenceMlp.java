package org.malcomedge.agent.train;

/** The MLP's loss written as plainly as possible, in double precision: the tests' ground truth. */
final class ReferenceMlp {

    private ReferenceMlp() {
    }

    static double loss(ModelSpec spec, double[] theta, float[] x, int[] y, int rows) {
        double total = 0;
        for (int b = 0; b < rows; b++) {
            double[] h = new double[spec.inputs()];
            for (int k = 0; k < h.length; k++) {
                h[k] = x[b * spec.inputs() + k];
            }
            for (ModelSpec.Layer layer : spec.layers()) {
                double[] z = new double[layer.out()];
                for (int j = 0; j < layer.out(); j++) {
                    double s = theta[layer.biasOffset() + j];
                    for (int k = 0; k < layer.in(); k++) {
                        s += h[k] * theta[layer.weightOffset() + k * layer.out() + j];
                    }
                    z[j] = layer.relu() ? Math.max(s, 0) : s;
                }
                h = z;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : h) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : h) {
                sum += Math.exp(v - max);
            }
            total += Math.log(sum) + max - h[y[b]];
        }
        return total / rows;
    }
}
