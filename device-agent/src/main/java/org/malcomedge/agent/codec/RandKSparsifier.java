package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/**
 * Keeps k = max(1, round(F d)) positions drawn uniformly without replacement (Floyd's algorithm),
 * unscaled: the contractive form CHOCO-SGD uses.
 */
final class RandKSparsifier implements Sparsifier {

    private final double fraction;

    RandKSparsifier(double fraction) {
        this.fraction = fraction;
    }

    @Override
    public String spec() {
        return "randk:" + Compressors.formatFraction(fraction);
    }

    @Override
    public int[] select(float[] vector, RandomGenerator random) {
        int d = vector.length;
        int k = TopKSparsifier.keptCount(fraction, d);
        boolean[] chosen = new boolean[d];
        for (int j = d - k; j < d; j++) {
            int candidate = random.nextInt(j + 1);
            chosen[chosen[candidate] ? j : candidate] = true;
        }
        int[] kept = new int[k];
        int n = 0;
        for (int i = 0; i < d; i++) {
            if (chosen[i]) {
                kept[n++] = i;
            }
        }
        return kept;
    }
}
