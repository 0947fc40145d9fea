package org.malcomedge.agent.star;

/** The little vector algebra of the MCM steps, written in place. */
public final class Vectors {

    private Vectors() {
    }

    /** {@code target += a * v}. */
    static void axpy(float a, float[] v, float[] target) {
        for (int k = 0; k < target.length; k++) {
            target[k] += a * v[k];
        }
    }

    /** {@code a - b} as a new vector. */
    static float[] minus(float[] a, float[] b) {
        float[] difference = new float[a.length];
        for (int k = 0; k < a.length; k++) {
            difference[k] = a[k] - b[k];
        }
        return difference;
    }

    /** The fraction of exactly-zero entries of {@code x} (the sparsity column of a row). */
    public static double sparsity(float[] x) {
        int zeros = 0;
        for (float v : x) {
            if (v == 0f) {
                zeros++;
            }
        }
        return (double) zeros / x.length;
    }
}
