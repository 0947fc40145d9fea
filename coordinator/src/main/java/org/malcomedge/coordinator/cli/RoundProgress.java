package org.malcomedge.coordinator.cli;

import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.malcomedge.coordinator.experiment.Simulation;
import org.malcomedge.coordinator.report.FleetRound;
import org.slf4j.LoggerFactory;

/**
 * What a user sees while a run goes: a progress bar on an interactive terminal; off one (a file,
 * a CI log) one log line every tenth of the run, so a long run is visibly alive.
 */
interface RoundProgress extends Simulation.Progress, AutoCloseable {

    /** Lines off a terminal: ten a run (and the last round's). */
    int LINES_PER_RUN = 10;

    @Override
    void close();

    /** The bar or the lines, as the terminal allows; {@code task} names the run, e.g. {@code run 2/4 choco:qsgd:16}. */
    static RoundProgress of(String task, int rounds) {
        if (System.console() == null) {
            return new LogLines(task, rounds, LoggerFactory.getLogger(RoundProgress.class)::info);
        }
        return new Bar(new ProgressBarBuilder().setTaskName(task).setInitialMax(rounds)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build());
    }

    /** The terminal's bar, the last measured accuracy beside it. */
    record Bar(ProgressBar bar) implements RoundProgress {
        @Override
        public void round(FleetRound round, int rounds) {
            bar.stepTo(round.round());
            if (!Double.isNaN(round.meanTestAccuracy())) {
                bar.setExtraMessage(String.format(Locale.ROOT, "acc %.3f", round.meanTestAccuracy()));
            }
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /**
     * {@code task: round 200/2000, accuracy 0.812 (round 200), 1.23e+08 payload bits, 12.3 s} every
     * {@code rounds / LINES_PER_RUN} rounds and at the last one; the accuracy is the last measured.
     */
    final class LogLines implements RoundProgress {
        private final String task;
        private final int every;
        private final Consumer<String> sink;
        private long payloadBits;
        private double accuracy = Double.NaN;
        private int accuracyRound;

        LogLines(String task, int rounds, Consumer<String> sink) {
            this.task = task;
            this.every = Math.max(1, rounds / LINES_PER_RUN);
            this.sink = sink;
        }

        @Override
        public void round(FleetRound round, int rounds) {
            payloadBits += round.payloadBits();
            if (!Double.isNaN(round.meanTestAccuracy())) {
                accuracy = round.meanTestAccuracy();
                accuracyRound = round.round();
            }
            if (round.round() % every == 0 || round.round() == rounds) {
                String measured = Double.isNaN(accuracy) ? "accuracy not measured yet"
                        : String.format(Locale.ROOT, "accuracy %.3f (round %d)", accuracy, accuracyRound);
                sink.accept(String.format(Locale.ROOT, "%s: round %d/%d, %s, %.3g payload bits, %.1f s", task,
                        round.round(), rounds, measured, (double) payloadBits, round.elapsedSeconds()));
            }
        }

        @Override
        public void close() {
        }
    }
}
