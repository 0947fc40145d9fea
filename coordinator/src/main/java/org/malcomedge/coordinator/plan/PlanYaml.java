package org.malcomedge.coordinator.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.codec.Compressors;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.gossip.MomentumSpec;
import org.malcomedge.coordinator.plan.ExperimentSpec.TransportKind;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * {@code plan.yaml}: a real fleet's experiment, written by {@code plan} with a comment per field,
 * edited by people, read back by {@code run --plan}. One flat mapping whose keys are the flags'
 * names in snake_case. Reading stops at the first problem and reports it as one line,
 * {@code FILE:LINE: FIELD: what is wrong} (an {@link InputException}).
 */
public final class PlanYaml {

    public static final String FILE = "plan.yaml";

    /** Every key, in the order written, with the comment that explains it. */
    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("experiment", "topic level of every message: malcom/{experiment}/...");
        KEYS.put("nodes", "device ids, in plan order (node i of the topology); each device's config has its id");
        KEYS.put("topology", "ring|torus|complete|star|geometric:R|regular:D|erdos:P (fixed graphs only)");
        KEYS.put("algorithm", "dpsgd|choco|malcom|beer|malcom-beer, or a star one: mcm|mcm-uplink|mcm-naive|rand-mcm");
        KEYS.put("compressor", "DESIGN.md 3.4, e.g. malcom:4, qsgd:16, topk:0.01+qsgd:4+range");
        KEYS.put("dataset", "digits|fashion-mnist|mnist|csv:PATH (every device must have it under its data.dir)");
        KEYS.put("label", "csv only: the label column");
        KEYS.put("split", "iid|dirichlet:A|shards:K");
        KEYS.put("features", "standard (each feature standardized with the nodes' shares' statistics, which the "
                + "coordinator computes and sends in the plan) | raw");
        KEYS.put("model", "mlp:H1[,H2...] or cnn:lenet5, cnn:[CxHxW,]LAYER,... (device-agent/README.md, \"Models\")");
        KEYS.put("rounds", "rounds to run");
        KEYS.put("eta", "learning rate");
        KEYS.put("gamma", "consensus step size, in (0, 1], or auto (the default)");
        KEYS.put("lambda", "l1 weight of MALCOM's prox");
        KEYS.put("sparsity", "malcom only: fraction of exact zeros each node prunes its model to after the prox (absent: none)");
        KEYS.put("momentum", "momentum of each node's local step, in [0, 1) (absent or 0: none; gossip algorithms only)");
        KEYS.put("momentum_kind", "heavy-ball (the default) | quasi-global");
        KEYS.put("batch", "local minibatch size");
        KEYS.put("local_steps", "local SGD steps per round");
        KEYS.put("seed", "seed of data split, initial model and dither");
        KEYS.put("eval_every", "devices measure test accuracy every K rounds and in the last one");
        KEYS.put("test_samples", "seeded subsample of the test set used for accuracy (0 = all of it)");
        KEYS.put("target_accuracy", "accuracy whose bits and rounds to reach are reported");
        KEYS.put("checkpoint_every", "rounds between a device's checkpoints");
        KEYS.put("round_timeout_ms", "how long a device waits in a round for a live neighbour's frame");
        KEYS.put("dropout_rounds", "rounds without a frame before a neighbour counts as gone");
        KEYS.put("inject_loss", "testing only: fraction of residual frames each receiver drops on purpose (0 in trials)");
    }

    private PlanYaml() {
    }

    /** Writes {@code plan} to {@code file}. */
    public static void write(FleetPlan plan, Path file) throws IOException {
        Files.writeString(file, render(plan), StandardCharsets.UTF_8);
    }

    static String render(FleetPlan plan) {
        ExperimentSpec spec = plan.spec();
        FleetSettings fleet = plan.settings();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("experiment", plan.experiment());
        values.put("nodes", plan.nodeIds());
        values.put("topology", spec.topology());
        values.put("algorithm", spec.variant().algorithm());
        values.put("compressor", spec.variant().compressor().orElse(null));
        values.put("dataset", spec.dataset());
        values.put("label", spec.label().orElse(null));
        values.put("split", spec.split());
        values.put("features", spec.features().spec());
        values.put("model", spec.model());
        values.put("rounds", spec.rounds());
        values.put("eta", spec.eta());
        values.put("gamma", spec.gamma().isPresent() ? (Object) spec.gamma().getAsDouble() : "auto");
        values.put("lambda", spec.lambda());
        if (spec.sparsity().isPresent()) {
            values.put("sparsity", spec.sparsity().getAsDouble());
        }
        if (!spec.momentum().isNone()) {
            values.put("momentum", spec.momentum().beta());
            values.put("momentum_kind", spec.momentum().kind().spec());
        }
        values.put("batch", spec.batch());
        values.put("local_steps", spec.localSteps());
        values.put("seed", spec.seed());
        values.put("eval_every", spec.evalEvery());
        values.put("test_samples", fleet.testSamples());
        values.put("target_accuracy", spec.targetAccuracy().isPresent() ? spec.targetAccuracy().getAsDouble() : null);
        values.put("checkpoint_every", fleet.checkpointEvery());
        values.put("round_timeout_ms", fleet.roundTimeoutMs());
        values.put("dropout_rounds", fleet.dropoutRounds());
        values.put("inject_loss", fleet.injectLoss());

        StringBuilder out = new StringBuilder("# MALCOM-Edge experiment plan, written by `malcom plan`.\n"
                + "# Edit freely; `malcom run --plan plan.yaml` reads it back (unknown keys are errors).\n"
                + "# Optional keys left out take their defaults; see `malcom plan --help`.\n");
        values.forEach((key, value) -> {
            String comment = "  # " + KEYS.get(key);
            if (value == null) {
                out.append("# ").append(key).append(":").append(comment).append('\n');
            } else {
                out.append(key).append(": ").append(YamlValues.of(value)).append(comment).append('\n');
            }
        });
        return out.toString();
    }

    /**
     * Reads a plan file.
     *
     * @throws InputException one line naming the file, line and field of the first problem
     */
    public static FleetPlan read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("--plan " + file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static FleetPlan parse(String yaml, String source) {
        Node root = YamlFields.compose(yaml, source);
        if (!(root instanceof MappingNode mapping)) {
            throw new InputException(source + ":" + YamlFields.lineOf(root) + ": expected a mapping of "
                    + String.join(", ", KEYS.keySet()));
        }
        return plan(new YamlFields(source, mapping, KEYS.keySet()));
    }

    private static FleetPlan plan(YamlFields fields) {
        List<String> ids = ids(fields);
        String experiment = fields.text("experiment").orElseThrow(() -> fields.missing("experiment"));
        String algorithm = fields.text("algorithm").orElseThrow(() -> fields.missing("algorithm"));
        Variant variant = fields.checked("algorithm", () -> new Variant(algorithm, fields.text("compressor")));
        FleetSettings defaults = FleetSettings.DEFAULTS;
        FeatureScaling features = fields.checked("features",
                () -> FeatureScaling.parse(fields.text("features").orElse(FeatureScaling.STANDARD.spec()), "features"));
        MomentumSpec.Kind momentumKind = fields.checked("momentum_kind", () -> MomentumSpec.Kind.parse(
                fields.text("momentum_kind").orElse(MomentumSpec.DEFAULT_KIND.spec())));
        MomentumSpec momentum = fields.checked("momentum", () -> new MomentumSpec(momentumKind,
                fields.number("momentum", Double::parseDouble).orElse(0.0)));
        ExperimentSpec spec = fields.checked(null, () -> new ExperimentSpec(ids.size(),
                fields.text("topology").orElse("ring"), variant,
                fields.text("dataset").orElse("digits"), fields.text("label"), fields.text("split").orElse("iid"),
                fields.text("model").orElse("mlp:32"), fields.number("rounds", Integer::parseInt).orElseThrow(() -> fields.missing("rounds")),
                fields.number("eta", Double::parseDouble).orElse(0.1), fields.text("gamma").map(g -> ExperimentSpec.parseGamma(g, "--gamma")).orElse(OptionalDouble.empty()),
                fields.number("lambda", Double::parseDouble).orElse(1e-4), fields.number("batch", Integer::parseInt).orElse(32),
                fields.number("local_steps", Integer::parseInt).orElse(1), fields.number("seed", Long::parseLong).orElse(1L),
                TransportKind.MQTT, Optional.empty(),
                fields.number("target_accuracy", Double::parseDouble).map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                fields.number("eval_every", Integer::parseInt).orElse(1), OptionalDouble.empty(), features,
                fields.number("sparsity", Double::parseDouble).map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                momentum));
        FleetSettings settings = fields.checked(null, () -> new FleetSettings(
                fields.number("checkpoint_every", Integer::parseInt).orElse(defaults.checkpointEvery()),
                fields.number("round_timeout_ms", Integer::parseInt).orElse(defaults.roundTimeoutMs()),
                fields.number("dropout_rounds", Integer::parseInt).orElse(defaults.dropoutRounds()),
                fields.number("inject_loss", Double::parseDouble).orElse(defaults.injectLoss()),
                fields.number("test_samples", Integer::parseInt).orElse(defaults.testSamples())));
        FleetPlan plan = fields.checked(null, () -> new FleetPlan(experiment, ids, spec, settings));
        fields.checked("topology", () -> WirePlans.graph(spec));
        String compressor = spec.variant().compressor().orElse(null);
        if (compressor != null) {
            fields.checked("compressor", () -> Compressors.parse(compressor));
        }
        fields.checked("algorithm", () -> {
            WirePlans.check(plan);
            return plan;
        });
        return plan;
    }

    private static List<String> ids(YamlFields fields) {
        Node node = fields.node("nodes");
        if (node == null) {
            throw fields.missing("nodes");
        }
        if (node instanceof ScalarNode scalar) { // a count: the simulator's ids
            int count = fields.number("nodes", Integer::parseInt).orElseThrow();
            if (count < 2) {
                throw fields.problem("nodes", "bad value " + scalar.getValue() + " (a fleet needs at least 2 nodes)");
            }
            return FleetPlan.defaultIds(count);
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw fields.problem("nodes", "expected a list of node ids or a count");
        }
        List<String> ids = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar)) {
                throw new InputException(fields.source() + ":" + YamlFields.lineOf(item) + ": nodes: expected a node id, found a "
                        + item.getNodeType().toString().toLowerCase());
            }
            ids.add(scalar.getValue());
        }
        if (ids.size() < 2) {
            throw fields.problem("nodes", "a fleet needs at least 2 nodes, found " + ids.size());
        }
        return ids;
    }
}
