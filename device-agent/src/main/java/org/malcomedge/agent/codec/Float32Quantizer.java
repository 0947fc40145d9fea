package org.malcomedge.agent.codec;

import java.util.random.RandomGenerator;

/** No quantization: the kept values as float32. */
final class Float32Quantizer implements Quantizer {

    @Override
    public String spec() {
        return "f32";
    }

    @Override
    public boolean producesLevels() {
        return false;
    }

    @Override
    public int levels() {
        return 0;
    }

    @Override
    public Floats quantize(float[] vector, int[] kept, TensorLayout layout, RandomGenerator random) {
        if (kept == null) {
            return new Floats(vector.length, null, vector.clone());
        }
        float[] values = new float[kept.length];
        for (int i = 0; i < kept.length; i++) {
            values[i] = vector[kept[i]];
        }
        return new Floats(vector.length, kept, values);
    }
}
