package org.malcomedge.agent.testing;

import java.util.SplittableRandom;
import org.malcomedge.agent.data.Dataset;

/** Test twin data: Gaussian blobs, one per class, separable enough for softmax regression. */
public final class Blobs {

    private Blobs() {
    }

    public static Dataset of(String name, int rows, int features, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = new float[classes][features];
        for (float[] centre : centres) {
            for (int f = 0; f < features; f++) {
                centre[f] = (float) (2 * random.nextGaussian());
            }
        }
        float[] x = new float[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = r % classes;
            for (int f = 0; f < features; f++) {
                x[r * features + f] = centres[y[r]][f] + (float) random.nextGaussian();
            }
        }
        return new Dataset(name, x, y, rows, features, classes);
    }
}
