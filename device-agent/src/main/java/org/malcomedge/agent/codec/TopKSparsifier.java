package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/** Keeps the k = max(1, round(F d)) entries of largest magnitude (ties: lowest index first). */
final class TopKSparsifier implements Sparsifier {

    private final double fraction;

    TopKSparsifier(double fraction) {
        this.fraction = fraction;
    }

    static int keptCount(double fraction, int dimension) {
        return (int) Math.max(1, Math.min(dimension, Math.round(fraction * dimension)));
    }

    @Override
    public String spec() {
        return "topk:" + Compressors.formatFraction(fraction);
    }

    @Override
    public int[] select(float[] vector, RandomGenerator random) {
        int d = vector.length;
        int k = keptCount(fraction, d);
        float[] magnitude = new float[d];
        for (int i = 0; i < d; i++) {
            magnitude[i] = Math.abs(vector[i]);
        }
        float threshold = kthLargest(magnitude.clone(), k);
        int above = 0;
        for (float m : magnitude) {
            above += m > threshold ? 1 : 0;
        }
        int tiesAllowed = k - above;
        int[] kept = new int[k];
        int n = 0;
        for (int i = 0; i < d; i++) {
            float m = magnitude[i];
            if (m > threshold || (m == threshold && tiesAllowed-- > 0)) {
                kept[n++] = i;
            }
        }
        return kept;
    }

    /** Hoare quickselect for the k-th largest value; scrambles {@code values}. */
    static float kthLargest(float[] values, int k) {
        int target = values.length - k; // index in ascending order
        int lo = 0;
        int hi = values.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            float pivot = median(values[lo], values[mid], values[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = values[i];
                    values[i++] = values[j];
                    values[j--] = t;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return values[target];
            }
        }
        return values[target];
    }

    private static float median(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
