package org.malcomedge.agent.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The sufficient statistics of per-feature standardization: a row count and, per feature, the sum
 * and the sum of squares. They add: the moments of disjoint shares sum to the moments of their
 * union, so a fleet's nodes (or a coordinator holding their shares) reach the pooled mean and
 * variance without pooling a single row. Sums are kept in double, exact enough for 60,000 rows of
 * 0..255 counts (sums of squares near 4e9, far below 2^53).
 */
public record FeatureMoments(long count, double[] sum, double[] sumOfSquares) {

    public FeatureMoments {
        Objects.requireNonNull(sum, "sum");
        Objects.requireNonNull(sumOfSquares, "sumOfSquares");
        if (count < 0 || sum.length != sumOfSquares.length) {
            throw new IllegalArgumentException("moments need a count >= 0 and as many sums as sums of squares, got "
                    + count + ", " + sum.length + " and " + sumOfSquares.length);
        }
        sum = sum.clone();
        sumOfSquares = sumOfSquares.clone();
    }

    /** The moments of every row of {@code data}. */
    public static FeatureMoments of(Dataset data) {
        double[] sum = new double[data.features()];
        double[] squares = new double[data.features()];
        for (int r = 0; r < data.rows(); r++) {
            add(data, r, sum, squares);
        }
        return new FeatureMoments(data.rows(), sum, squares);
    }

    /** The moments of the rows {@code rows} of {@code data} (one node's share), without copying them. */
    public static FeatureMoments of(Dataset data, int[] rows) {
        double[] sum = new double[data.features()];
        double[] squares = new double[data.features()];
        for (int r : rows) {
            add(data, r, sum, squares);
        }
        return new FeatureMoments(rows.length, sum, squares);
    }

    private static void add(Dataset data, int row, double[] sum, double[] squares) {
        float[] x = data.x();
        for (int j = 0, at = row * data.features(); j < sum.length; j++, at++) {
            double v = x[at];
            sum[j] += v;
            squares[j] += v * v;
        }
    }

    /** The moments of the union of the nodes' shares ({@code shares[i]}: node i's rows of {@code train}). */
    public static FeatureMoments ofShares(Dataset train, int[][] shares) {
        FeatureMoments total = new FeatureMoments(0, new double[train.features()], new double[train.features()]);
        for (int[] share : shares) {
            total = total.plus(of(train, share));
        }
        return total;
    }

    public int features() {
        return sum.length;
    }

    /** The moments of both row sets together (they must be disjoint for this to be their union's). */
    public FeatureMoments plus(FeatureMoments other) {
        if (other.features() != features()) {
            throw new IllegalArgumentException("moments of " + features() + " and " + other.features() + " features do not add");
        }
        double[] s = sum.clone();
        double[] q = sumOfSquares.clone();
        for (int j = 0; j < s.length; j++) {
            s[j] += other.sum[j];
            q[j] += other.sumOfSquares[j];
        }
        return new FeatureMoments(count + other.count, s, q);
    }

    /** Per-feature mean, {@code sum / count}. */
    public double[] mean() {
        requireRows();
        double[] mean = new double[features()];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = sum[j] / count;
        }
        return mean;
    }

    /** Per-feature population variance, {@code sumOfSquares / count - mean^2}, never below 0. */
    public double[] variance() {
        double[] mean = mean();
        double[] variance = new double[features()];
        for (int j = 0; j < variance.length; j++) {
            variance[j] = Math.max(0, sumOfSquares[j] / count - mean[j] * mean[j]);
        }
        return variance;
    }

    private void requireRows() {
        if (count == 0) {
            throw new IllegalStateException("no rows: the moments of an empty set have no mean");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureMoments m && m.count == count && Arrays.equals(m.sum, sum)
                && Arrays.equals(m.sumOfSquares, sumOfSquares);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(count) + Arrays.hashCode(sum)) + Arrays.hashCode(sumOfSquares);
    }

    @Override
    public String toString() {
        return "FeatureMoments[" + count + " rows, " + features() + " features]";
    }
}
