package org.malcomedge.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.gossip.MomentumSpec;
import org.malcomedge.coordinator.plan.ExperimentSpec.TransportKind;
import org.malcomedge.wire.ExperimentPlan;

class PlanYamlTest {

    private static FleetPlan ring(int nodes, int rounds) {
        ExperimentSpec spec = new ExperimentSpec(nodes, "ring", Variant.parse("choco:qsgd:8"), "digits", Optional.empty(),
                "dirichlet:0.5", "mlp:16", rounds, 0.2, OptionalDouble.of(0.3), 1e-4, 16, 1, 7, TransportKind.MQTT, Optional.empty(),
                OptionalDouble.of(0.8), 2, OptionalDouble.empty(), FeatureScaling.RAW);
        return new FleetPlan("trial-1", FleetPlan.defaultIds(nodes), spec, new FleetSettings(5, 4000, 2, 0.05, 300));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        FleetPlan plan = ring(4, 30);
        assertEquals(plan, PlanYaml.parse(PlanYaml.render(plan), "plan.yaml"));
    }

    @Test
    void editedIdsAndLeftOutKeysTakeTheirDefaults() {
        FleetPlan plan = PlanYaml.parse("experiment: field\nnodes: [pi-a, pi-b, pi-c]\nalgorithm: malcom\nrounds: 5\n", "p.yaml");
        assertEquals(List.of("pi-a", "pi-b", "pi-c"), plan.nodeIds());
        assertEquals(FleetSettings.DEFAULTS, plan.settings());
        assertEquals(0.1, plan.spec().eta());
        assertEquals(TransportKind.MQTT, plan.spec().transport());
        assertEquals(FeatureScaling.STANDARD, plan.spec().features(), "features: standard unless the plan says raw");
        assertEquals(OptionalDouble.empty(), plan.spec().gamma(), "gamma: auto unless the plan gives one");
    }

    @Test
    void aSparsityTargetTravelsWithItsRampAndOnlyForMalcom() {
        FleetPlan plan = PlanYaml.parse("experiment: e\nnodes: 4\nalgorithm: malcom\nrounds: 40\nsparsity: 0.8\nfeatures: raw\n", "p.yaml");
        assertEquals(plan, PlanYaml.parse(PlanYaml.render(plan), "p.yaml"));
        var h = WirePlans.of(plan, Optional.empty()).getHyperparameters();
        assertEquals(0.8, h.getSparsityTarget());
        assertEquals(20, h.getSparsityRampRounds(), "the first half of the run");
        assertEquals(0, WirePlans.of(ring(4, 30), Optional.empty()).getHyperparameters().getSparsityTarget());
        InputException bad = assertThrows(InputException.class, () -> PlanYaml.parse(
                "experiment: e\nnodes: 4\nalgorithm: choco\nrounds: 5\nsparsity: 0.5\n", "p.yaml"));
        assertTrue(bad.getMessage().contains("only malcom has an l1 prox"), bad.getMessage());
    }

    @Test
    void momentumTravelsWithItsKindAndIsRefusedInStarModeNamingItsLine() {
        FleetPlan plan = PlanYaml.parse("experiment: e\nnodes: 4\nalgorithm: beer\nrounds: 10\nmomentum: 0.9\n"
                + "momentum_kind: quasi-global\nfeatures: raw\n", "p.yaml");
        assertEquals(plan, PlanYaml.parse(PlanYaml.render(plan), "p.yaml"));
        var h = WirePlans.of(plan, Optional.empty()).getHyperparameters();
        assertEquals(List.of(0.9, "quasi-global"), List.of(h.getMomentum(), h.getMomentumKind()));
        var none = WirePlans.of(ring(4, 30), Optional.empty()).getHyperparameters();
        assertEquals(List.of(0.0, ""), List.of(none.getMomentum(), none.getMomentumKind()), "plain plans unchanged");
        assertEquals(MomentumSpec.Kind.HEAVY_BALL, PlanYaml.parse("experiment: e\nnodes: 4\nalgorithm: choco\n"
                + "rounds: 5\nmomentum: 0.5\n", "p.yaml").spec().momentum().kind(), "heavy-ball unless named");
        InputException kind = assertThrows(InputException.class, () -> PlanYaml.parse(
                "experiment: e\nnodes: 4\nalgorithm: choco\nrounds: 5\nmomentum: 0.5\nmomentum_kind: adam\n", "p.yaml"));
        assertEquals("p.yaml:6: momentum_kind: 'adam' is not one of heavy-ball, quasi-global", kind.getMessage());
        InputException star = assertThrows(InputException.class, () -> PlanYaml.parse(
                "experiment: e\nnodes: 4\nalgorithm: mcm\nrounds: 5\nmomentum: 0.5\n", "p.yaml"));
        assertTrue(star.getMessage().startsWith("p.yaml:5: momentum: ") && star.getMessage().contains("star mode"),
                star.getMessage());
    }

    @Test
    void gammaAutoTravelsAsTheGraphsGainAndAFixedGammaAsItself() {
        FleetPlan auto = PlanYaml.parse(
                "experiment: e\nnodes: 8\nalgorithm: malcom\nrounds: 5\ngamma: auto\nfeatures: raw\n", "p.yaml");
        assertEquals(auto, PlanYaml.parse(PlanYaml.render(auto), "p.yaml"));
        ExperimentPlan wire = WirePlans.of(auto, Optional.empty());
        assertEquals(1.0, wire.getHyperparameters().getGamma(), "auto's ceiling");
        assertEquals(2 / (4.0 / 3), wire.getHyperparameters().getGammaAutoGain(), 1e-9, "2 / beta of the 8-ring");
        assertEquals(0, WirePlans.of(ring(4, 30), Optional.empty()).getHyperparameters().getGammaAutoGain(),
                "a fixed gamma has no gain");
        InputException bad = assertThrows(InputException.class,
                () -> PlanYaml.parse("experiment: e\nnodes: 4\nalgorithm: malcom\nrounds: 5\ngamma: fast\n", "p.yaml"));
        assertEquals("p.yaml:5: gamma: bad value 'fast' (auto, or a number in (0, 1])", bad.getMessage());
    }

    @Test
    void featuresReadBackAndABadOneIsNamedWithItsLine() {
        assertTrue(PlanYaml.render(ring(4, 30)).contains("\nfeatures: raw  # "));
        assertEquals("p.yaml:5: features: 'minmax' is not standard or raw", assertThrows(InputException.class,
                () -> PlanYaml.parse("experiment: e\nnodes: 4\nrounds: 3\nalgorithm: malcom\nfeatures: minmax\n", "p.yaml"))
                .getMessage());
    }

    @Test
    void theWirePlanCarriesTheStandardizationExactlyWhenTheFeaturesAreStandard() {
        FleetPlan raw = ring(4, 30);
        assertFalse(WirePlans.of(raw, Optional.empty()).hasScaling());
        Standardization s = new Standardization(new float[] {1, 2}, new float[] {3, 4});
        assertThrows(IllegalArgumentException.class, () -> WirePlans.of(raw, Optional.of(s)));
        FleetPlan standard = new FleetPlan(raw.experiment(), raw.nodeIds(), new ExperimentSpec(4, "ring", raw.spec().variant(),
                "digits", Optional.empty(), "iid", "mlp:16", 30, 0.1, OptionalDouble.of(0.1), 0, 16, 1, 7, TransportKind.MQTT, Optional.empty(),
                OptionalDouble.empty(), 1, OptionalDouble.empty(), FeatureScaling.STANDARD), raw.settings());
        assertThrows(IllegalArgumentException.class, () -> WirePlans.of(standard, Optional.empty()));
        ExperimentPlan wire = WirePlans.of(standard, Optional.of(s));
        assertEquals(List.of(1f, 2f), wire.getScaling().getMeanList());
        assertEquals(List.of(3f, 4f), wire.getScaling().getScaleList());
    }

    @Test
    void aBadValueIsOneLineNamingFileLineAndField() {
        String text = PlanYaml.render(ring(4, 30)).replace("eta: 0.2", "eta: -1");
        int line = text.lines().toList().indexOf(text.lines().filter(l -> l.startsWith("eta:")).findFirst().orElseThrow()) + 1;
        InputException e = assertThrows(InputException.class, () -> PlanYaml.parse(text, "plan.yaml"));
        assertEquals("plan.yaml:" + line + ": eta: bad value -1.0 (a finite value >= 0)", e.getMessage());
    }

    @Test
    void unknownKeysNonNumbersAndBadNamesAreNamed() {
        assertEquals("p.yaml:2: etta: unknown key", first(assertThrows(InputException.class,
                () -> PlanYaml.parse("experiment: x\netta: 1\n", "p.yaml"))));
        assertEquals("p.yaml:3: rounds: 'ten' is not a number of the right kind", assertThrows(InputException.class,
                () -> PlanYaml.parse("experiment: x\nnodes: 4\nrounds: ten\nalgorithm: malcom\n", "p.yaml")).getMessage());
        assertEquals("p.yaml:1: experiment: 'a/b' contains '/' (allowed: letters, digits, '.', '_', '-')",
                assertThrows(InputException.class, () -> PlanYaml.parse(
                        "experiment: a/b\nnodes: 4\nrounds: 3\nalgorithm: malcom\n", "p.yaml")).getMessage());
        assertEquals("p.yaml:4: topology: unknown topology 'rung': expected one of ring, torus, complete, star, "
                + "geometric:R, erdos:P, regular:D, dynamic:D:K", assertThrows(InputException.class, () -> PlanYaml.parse(
                        "experiment: e\nnodes: 4\nrounds: 3\ntopology: rung\nalgorithm: malcom\n", "p.yaml")).getMessage());
        assertEquals("p.yaml:1: rounds: is required", assertThrows(InputException.class,
                () -> PlanYaml.parse("experiment: e\nnodes: 4\nalgorithm: malcom\n", "p.yaml")).getMessage());
    }

    private static String first(InputException e) {
        return e.getMessage().substring(0, e.getMessage().indexOf(" (allowed"));
    }

    @Test
    void theWirePlanCarriesGraphWeightsAndSettings() {
        ExperimentPlan wire = WirePlans.of(ring(4, 30), Optional.empty());
        assertEquals(List.of("n0", "n1", "n2", "n3"), wire.getNodesList());
        assertEquals(4, wire.getEdgesCount());
        wire.getEdgesList().forEach(edge -> assertEquals(1.0 / 3, edge.getWeight(), 1e-12));
        assertEquals(List.of(1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3), wire.getSelfWeightsList().stream()
                .map(w -> Math.round(w * 3e12) / 3e12).toList());
        assertEquals("qsgd:8", wire.getCompressor());
        assertEquals(30, wire.getHyperparameters().getRounds());
        assertEquals(0.3, wire.getHyperparameters().getGamma());
        assertEquals("dirichlet:0.5", wire.getData().getSplit());
        assertEquals(7, wire.getSeed());
        assertEquals(2, wire.getEvalEvery());
        assertEquals(5, wire.getCheckpointEvery());
        assertEquals(4000, wire.getRoundTimeoutMs());
        assertEquals(2, wire.getDropoutRounds());
        assertEquals(0.05, wire.getInjectLoss());
        assertEquals(300, wire.getTestSamples());
        assertEquals(0.8, wire.getTargetAccuracy());
    }

    @Test
    void aStarPlanNamesItsWorkersAndCompressorWithoutEdges() {
        ExperimentSpec star = ring(4, 3).spec().with(Variant.parse("rand-mcm"));
        ExperimentPlan wire = WirePlans.of(new FleetPlan("e", FleetPlan.defaultIds(4), star, FleetSettings.DEFAULTS), Optional.empty());
        assertEquals("rand-mcm", wire.getAlgorithm());
        assertEquals("qsgd:4:unscaled", wire.getCompressor());
        assertEquals(0.5, wire.getParticipation());
        assertEquals(4, wire.getNodesCount());
        assertEquals(0, wire.getEdgesCount());
    }

    @Test
    void timeVaryingTopologiesAreRefusedForARealFleet() {
        ExperimentSpec spec = ring(4, 3).spec();
        ExperimentSpec dynamic = new ExperimentSpec(6, "dynamic:2:5", spec.variant(), "digits", Optional.empty(), "iid",
                "mlp:16", 3, 0.1, OptionalDouble.of(0.1), 0, 8, 1, 1, TransportKind.MQTT, Optional.of(URI.create("tcp://x:1")),
                OptionalDouble.empty(), 1, OptionalDouble.empty(), FeatureScaling.RAW);
        assertThrows(InputException.class, () -> WirePlans.graph(dynamic));
    }
}
