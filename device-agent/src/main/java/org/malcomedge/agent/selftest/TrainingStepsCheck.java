package org.malcomedge.agent.selftest;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.malcomedge.agent.train.Trainer;

/**
 * The trainer runs on this device: a few plain SGD steps on a small synthetic, learnable batch
 * give finite losses and the loss goes down.
 */
public final class TrainingStepsCheck implements SelfCheck {

    private static final int ROWS = 64;
    private static final float LEARNING_RATE = 0.1f;

    private final Supplier<Trainer> trainers;
    private final int steps;

    /** @param trainers opens the trainer to test (closed after the check) */
    public TrainingStepsCheck(Supplier<Trainer> trainers, int steps) {
        this.trainers = trainers;
        this.steps = steps;
    }

    @Override
    public String name() {
        return steps + " training steps";
    }

    @Override
    public Outcome run() {
        try (Trainer trainer = trainers.get()) {
            SplittableRandom random = new SplittableRandom(7);
            float[] features = new float[ROWS * trainer.inputs()];
            int[] labels = new int[ROWS];
            for (int row = 0; row < ROWS; row++) {
                // Noise plus a bump on the feature that encodes the label: learnable in a few steps.
                int label = random.nextInt(trainer.classes());
                for (int f = 0; f < trainer.inputs(); f++) {
                    features[row * trainer.inputs() + f] = (float) random.nextGaussian() * 0.1f;
                }
                features[row * trainer.inputs() + label % trainer.inputs()] += 1f;
                labels[row] = label;
            }
            float[] theta = new float[trainer.dimension()];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = (float) random.nextGaussian() * 0.05f;
            }
            float[] gradient = new float[theta.length];
            float first = Float.NaN;
            float last = Float.NaN;
            long start = System.nanoTime();
            for (int step = 0; step < steps; step++) {
                last = trainer.lossAndGradient(theta, features, labels, ROWS, gradient);
                if (!Float.isFinite(last)) {
                    return Outcome.fail(trainer.backend() + ": loss " + last + " at step " + step);
                }
                if (step == 0) {
                    first = last;
                }
                for (int i = 0; i < theta.length; i++) {
                    theta[i] -= LEARNING_RATE * gradient[i];
                }
            }
            double msPerStep = (System.nanoTime() - start) / 1e6 / steps;
            String detail = String.format(Locale.ROOT, "%s, d=%d: loss %.4f -> %.4f, %.2f ms/step",
                    trainer.backend(), trainer.dimension(), first, last, msPerStep);
            return last < first ? Outcome.pass(detail) : Outcome.fail(detail + " (the loss did not go down)");
        }
    }
}
