package org.malcomedge.agent.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.selftest.CodecRoundTripCheck;
import org.malcomedge.agent.selftest.OrtNativesCheck;
import org.malcomedge.agent.selftest.SelfCheck;
import org.malcomedge.agent.selftest.Selftest;
import org.malcomedge.agent.selftest.TrainingStepsCheck;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.agent.train.Trainers;
import org.malcomedge.firmware.config.DeviceConfig.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code malcom-agent selftest}: can this device run the agent? One line per check with its
 * time; exit 0 only if every check passed. A pending check (its implementation not in this
 * build) counts as not passed.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Checks that ONNX Runtime's natives load, a codec round trip and 20 training steps; exit 0 only if all pass.")
final class SelftestCommand implements Callable<Integer> {

    static final int TRAINING_STEPS = 20;

    @Spec
    CommandSpec spec;

    /** The checks, in order: cheapest and most basic first. */
    static List<SelfCheck> checks() {
        return List.of(
                new OrtNativesCheck(),
                new CodecRoundTripCheck(Compressors.parse("malcom:4"), 10_000),
                // The default model on digits' shape (64 inputs, 10 classes), on the backend the agent would pick.
                new TrainingStepsCheck(() -> Trainers.create(ModelSpec.parse("mlp:32", 64, 10), Backend.AUTO, 1),
                        TRAINING_STEPS));
    }

    @Override
    public Integer call() {
        return run(checks(), spec.commandLine().getOut());
    }

    static int run(List<SelfCheck> checks, PrintWriter out) {
        Map<SelfCheck.Status, Integer> counts = Selftest.run(checks, out);
        boolean allPassed = counts.get(SelfCheck.Status.PASS) == checks.size();
        out.println("selftest: " + (allPassed ? "ok" : "NOT OK") + " (" + counts.get(SelfCheck.Status.PASS) + " passed, "
                + counts.get(SelfCheck.Status.FAIL) + " failed, " + counts.get(SelfCheck.Status.PENDING) + " pending)");
        out.flush();
        return allPassed ? Cli.OK : Cli.FAILURE;
    }
}
