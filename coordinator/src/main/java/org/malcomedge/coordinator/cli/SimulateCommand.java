package org.malcomedge.coordinator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.malcomedge.agent.cli.Cli;
import org.malcomedge.coordinator.plan.ExperimentSpec;
import org.malcomedge.coordinator.report.RunFolder;
import org.malcomedge.coordinator.report.RunResults;
import org.malcomedge.coordinator.report.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a simulated fleet and writes a run folder (rounds.csv, summary.json, report.html).")
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    VariantOptions run;

    @Mixin
    SimulationOptions simulation;

    @Override
    public Integer call() throws IOException {
        ExperimentSpec spec = simulation.experiment().toSpec(run.toVariant());
        RunFolder folder = RunFolder.create(simulation.out(), simulation.clock());
        Summary summary = simulation.simulate(spec, folder);
        if (simulation.json) {
            simulation.stdout().print(summary.toJson());
        } else {
            print(simulation.stdout(), summary, folder);
        }
        return Cli.OK;
    }

    static void print(PrintWriter out, Summary summary, RunFolder folder) {
        RunResults r = summary.results();
        out.printf(Locale.ROOT, "%s: final test accuracy %s, avg-model accuracy %s, sparsity %s, payload %s bits%n",
                summary.info().label(), fmt(r.finalTestAccuracy()), fmt(r.finalAvgModelAccuracy()),
                fmt(r.finalSparsity()), r.totalPayloadBits());
        if (r.divergedAtRound() != null) {
            out.printf(Locale.ROOT, "%s diverged at round %d: its training loss or the nodes' spread blew up%n",
                    summary.info().label(), r.divergedAtRound());
        }
        if (Boolean.TRUE.equals(r.endedNearChance())) {
            boolean raw = !"standard".equals(summary.info().features());
            out.printf(Locale.ROOT, "%s ended near chance level (%d classes: chance %s): it learned next to nothing; %s%n",
                    summary.info().label(), summary.info().classes(), fmt(1.0 / summary.info().classes()),
                    raw ? "its features were raw: try --features standard, and check the step size (--eta)"
                            : "check the step size (--eta)");
        }
        if (summary.info().targetAccuracy() != null) {
            out.printf(Locale.ROOT, "target %.4f: %s%n", summary.info().targetAccuracy(), r.roundsToTarget() == null
                    ? "not reached"
                    : "reached in round " + r.roundsToTarget() + " after " + r.payloadBitsToTarget() + " payload bits");
        }
        out.println("wrote " + folder.dir().resolve(RunFolder.REPORT_HTML));
    }

    private static String fmt(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
