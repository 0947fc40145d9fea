package org.malcomedge.agent.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConsensusStepTest {

    /** v = (3, 4, 0, 0), q keeps the 4: delta = (q.v)^2 / (|q|^2 |v|^2) = 16^2 / (16 * 25) = 0.64. */
    private static final float[] V = {3, 4, 0, 0};
    private static final float[] TOP_ONE = {0, 4, 0, 0};

    @Test
    void autoTakesGainTimesTheMeasuredDeltaCappedByTheCeiling() {
        ConsensusStep step = new ConsensusStep(1, 0.5);
        step.observeResidual(V, TOP_ONE);
        assertEquals(0.64, step.delta(), 1e-12);
        assertEquals(0.32, step.gamma(), 1e-12);

        ConsensusStep capped = new ConsensusStep(0.2, 0.5);
        capped.observeResidual(V, TOP_ONE);
        assertEquals(0.2, capped.gamma(), 1e-12);
    }

    @Test
    void withGradientTrackingTheStepFollowsTheWorseOfTheTwoResiduals() {
        ConsensusStep step = new ConsensusStep(1, 0.5);
        step.observeResidual(V, new float[] {0.3f, 0.4f, 0, 0}); // the model's: perfect, gamma 0.5
        step.observeTrackerResidual(V, TOP_ONE);                  // the tracker's: 0.64
        assertEquals(0.32, step.gamma(), 1e-6);
        assertEquals(1, step.delta(), 1e-6, "delta() is the model's");
    }

    @Test
    void aScaledCopyIsPerfectQualityWhateverItsScale() {
        ConsensusStep step = new ConsensusStep(1, 0.5);
        step.observeResidual(V, new float[] {0.3f, 0.4f, 0, 0}); // the contractive QSGD form is v / tau on average
        assertEquals(1, step.delta(), 1e-6);
        assertEquals(0.5, step.gamma(), 1e-6);
    }

    @Test
    void gammaNeverGrowsWhenLaterResidualsCompressBetter() {
        ConsensusStep step = new ConsensusStep(1, 0.5);
        step.observeResidual(V, TOP_ONE);
        double first = step.gamma();
        for (int t = 0; t < 100; t++) {
            step.observeResidual(V, V);
        }
        assertEquals(1, step.delta(), 1e-3);
        assertEquals(first, step.gamma(), 0, "an edge's min(gamma_i, gamma_j) stays symmetric only if gamma never grows");
    }

    @Test
    void aFixedStepIgnoresWhatItObserves() {
        ConsensusStep fixed = new ConsensusStep(0.1, 0);
        fixed.observeResidual(V, TOP_ONE);
        for (int t = 1; t <= 2000; t++) {
            fixed.observeDisagreement(Math.pow(1.05, t));
        }
        assertEquals(0.1, fixed.gamma());
        assertEquals(0, fixed.halvings());
        assertTrue(Double.isNaN(fixed.delta()));
    }

    @Test
    void aDisagreementThatSettlesOnAPlateauIsLeftAlone() {
        ConsensusStep step = new ConsensusStep(1, 0.5);
        step.observeResidual(V, TOP_ONE);
        SplittableRandom noise = new SplittableRandom(3);
        for (int t = 1; t <= 5000; t++) {
            // grows from the common start to a plateau, as measured on fashion-mnist, with 20 % noise
            double plateau = 4 * (1 - Math.exp(-t / 60.0));
            step.observeDisagreement(plateau * (1 + 0.2 * (noise.nextDouble() - 0.5)));
        }
        assertEquals(0, step.halvings());
        assertEquals(0.32, step.gamma(), 1e-12);
    }

    @Test
    void aGrowingDisagreementHalvesGammaAtMostOncePerWindow() {
        ConsensusStep step = new ConsensusStep(1, 0.5);
        step.observeResidual(V, TOP_ONE);
        int rounds = 1000;
        int firstHalving = -1;
        for (int t = 1; t <= rounds; t++) {
            step.observeDisagreement(Math.pow(1.005, t)); // 2.7x per 200 rounds
            if (firstHalving < 0 && step.halvings() == 1) {
                firstHalving = t;
            }
        }
        assertEquals(ConsensusStep.WARMUP + 1, firstHalving, "judged as soon as the warm-up is over");
        // after the first, one more per WINDOW + 1 rounds
        int expected = 1 + (rounds - firstHalving) / (ConsensusStep.WINDOW + 1);
        assertEquals(expected, step.halvings());
        assertEquals(0.32 / Math.pow(2, expected), step.gamma(), 1e-12);
    }

    @Test
    void gammaStopsAtItsFloor() {
        ConsensusStep step = new ConsensusStep(1, 1);
        step.observeResidual(V, TOP_ONE);
        for (int t = 1; t <= 20_000; t++) {
            step.observeDisagreement(Math.exp(t / 50.0));
        }
        assertEquals(ConsensusStep.FLOOR, step.gamma(), 1e-15);
    }

    @Test
    void resumeKeepsASmallerSavedStepAndRestartsTheDetector() {
        ConsensusStep step = new ConsensusStep(1, 0.5);
        step.resume(0.05);
        assertEquals(0.05, step.gamma());
        step.resume(Double.NaN); // a checkpoint without a step: the plan's
        assertEquals(0.05, step.gamma());
        step.observeResidual(V, TOP_ONE);
        assertEquals(0.05, step.gamma(), "the measured 0.32 is larger: the saved step stays");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConsensusStep(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConsensusStep(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConsensusStep(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new ConsensusStep(1, Double.NaN));
    }
}
