package org.malcomedge.agent.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature standardization {@code x'_j = (x_j - mean_j) / scale_j} (DESIGN.md section 6), in
 * float arithmetic, exactly as the exported model's {@code Sub} and {@code Div} compute it.
 *
 * <p>{@code scale_j} is the feature's standard deviation, floored at {@value #FLOOR} x the
 * root-mean-square standard deviation of all features: a constant column (a border pixel that is
 * always 0) becomes 0 instead of dividing by zero, and a nearly constant one (a pixel lit in a
 * handful of training images) cannot blow a test image's value up by a thousand. When every
 * feature is constant the scale is 1.
 */
public record Standardization(float[] mean, float[] scale) {

    /** A feature's scale is at least this fraction of the features' RMS standard deviation. */
    public static final double FLOOR = 0.01;

    public Standardization {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(scale, "scale");
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(mean.length + " means but " + scale.length + " scales");
        }
        for (int j = 0; j < scale.length; j++) {
            if (!Float.isFinite(mean[j]) || !(scale[j] > 0) || !Float.isFinite(scale[j])) {
                throw new IllegalArgumentException("feature " + j + ": mean " + mean[j] + " and scale " + scale[j]
                        + " (a finite mean and a finite scale > 0)");
            }
        }
        mean = mean.clone();
        scale = scale.clone();
    }

    /** The standardization of the rows the moments describe. */
    public static Standardization of(FeatureMoments moments) {
        double[] mean = moments.mean();
        double[] variance = moments.variance();
        double rms = Math.sqrt(Arrays.stream(variance).average().orElse(0));
        double floor = rms > 0 ? FLOOR * rms : 1;
        float[] m = new float[mean.length];
        float[] s = new float[mean.length];
        for (int j = 0; j < m.length; j++) {
            m[j] = (float) mean[j];
            s[j] = (float) Math.max(Math.sqrt(variance[j]), floor);
        }
        return new Standardization(m, s);
    }

    public int features() {
        return mean.length;
    }

    /** {@code data} standardized, as a new dataset of the same name. */
    public Dataset apply(Dataset data) {
        requireFeatures(data.features(), data.name());
        int f = features();
        float[] x = data.x().clone();
        for (int at = 0; at < x.length; at++) {
            int j = at % f;
            x[at] = (x[at] - mean[j]) / scale[j];
        }
        return new Dataset(data.name(), x, data.y(), data.rows(), f, data.classes());
    }

    /** Both parts standardized with these (the training shares') statistics. */
    public TrainTest apply(TrainTest data) {
        return new TrainTest(apply(data.train()), apply(data.test()), data.testSet());
    }

    /** @throws IllegalArgumentException when {@code features} is not this standardization's count */
    public void requireFeatures(int features, String what) {
        if (features != features()) {
            throw new IllegalArgumentException(what + " has " + features + " features, the standardization " + features());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardization s && Arrays.equals(s.mean, mean) && Arrays.equals(s.scale, scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Standardization[" + features() + " features]";
    }
}
