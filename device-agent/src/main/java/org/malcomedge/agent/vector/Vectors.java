package org.malcomedge.agent.vector;

/**
 * The little vector algebra of the gossip and star steps, on float32 parameter vectors, in place
 * where it says so. One home, so that the simulator, the device and the star server compute the
 * same numbers the same way.
 */
public final class Vectors {

    private Vectors() {
    }

    /** {@code target += a * v}. */
    public static void axpy(float a, float[] v, float[] target) {
        for (int k = 0; k < target.length; k++) {
            target[k] += a * v[k];
        }
    }

    /** {@code a - b} as a new vector. */
    public static float[] minus(float[] a, float[] b) {
        float[] difference = new float[a.length];
        for (int k = 0; k < a.length; k++) {
            difference[k] = a[k] - b[k];
        }
        return difference;
    }

    /** {@code ||v||_2}, summed in double. */
    public static double norm(float[] v) {
        double sum = 0;
        for (float value : v) {
            sum += (double) value * value;
        }
        return Math.sqrt(sum);
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
