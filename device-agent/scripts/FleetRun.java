// The coordinator's side of a real fleet, for measuring agents (device-agent/README.md, Memory):
// publishes a ring plan, waits for every node's BIRTH, sends START, waits for every LEAVE and
// prints each node's last report. Run with the agent jar on the class path (Java source launcher):
//
//   java -cp device-agent/target/malcom-agent.jar device-agent/scripts/FleetRun.java \
//        tcp://127.0.0.1:PORT EXPERIMENT NODES ROUNDS [DATASET [MODEL]]
//
// The agents' device.yaml files name the same broker and experiment and ids n0..n{NODES-1}.

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.malcomedge.agent.transport.MqttLink;
import org.malcomedge.agent.transport.MqttLinkSettings;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.Control;
import org.malcomedge.wire.DataSplit;
import org.malcomedge.wire.Edge;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.Hyperparameters;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.RoundReport;

public class FleetRun {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: FleetRun BROKER_URI EXPERIMENT NODES ROUNDS [DATASET [MODEL]]");
            System.exit(2);
        }
        URI broker = URI.create(args[0]);
        String exp = args[1];
        int nodes = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        String dataset = args.length > 4 ? args[4] : "fashion-mnist";
        String model = args.length > 5 ? args[5] : "mlp:128";

        ExperimentPlan.Builder plan = ExperimentPlan.newBuilder()
                .setExperiment(exp)
                .setAlgorithm("malcom")
                .setCompressor("malcom:4")
                .setHyperparameters(Hyperparameters.newBuilder().setEta(0.1).setGamma(0.1).setLambda(1e-4)
                        .setBatch(32).setRounds(rounds))
                .setModel(model)
                .setData(DataSplit.newBuilder().setDataset(dataset).setSplit("iid").setTestSet("shared"))
                .setSeed(1)
                .setTopology("ring")
                .setCheckpointEvery(50)
                .setEvalEvery(20)
                .setTestSamples(1000)
                .setRoundTimeoutMs(60_000);
        double w = nodes > 2 ? 1.0 / 3 : 0.5;
        for (int i = 0; i < nodes; i++) {
            plan.addNodes("n" + i).addSelfWeights(1 - (nodes > 2 ? 2 : 1) * w);
            if (nodes > 2 || i == 0) {
                plan.addEdges(Edge.newBuilder().setA("n" + i).setB("n" + (i + 1) % nodes).setWeight(w));
            }
        }

        Map<String, NodeState> states = new ConcurrentHashMap<>();
        Map<String, RoundReport> last = new ConcurrentHashMap<>();
        MqttLink link = MqttLink.connect(MqttLinkSettings.of(broker, "fleet-run-" + exp, exp).silent());
        link.subscribe(Topics.allNodes(Topics.Kind.STATE, exp), 1, (topic, payload) -> {
            try {
                NodeState state = NodeState.parseFrom(payload);
                states.put(state.getNode(), state);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                System.err.println("not a NodeState on " + topic);
            }
        });
        link.subscribe(Topics.allNodes(Topics.Kind.METRICS, exp), 1, (topic, payload) -> {
            try {
                RoundReport report = RoundReport.parseFrom(payload);
                last.merge(report.getNode(), report, (a, b) -> b.getRound() >= a.getRound() ? b : a);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                System.err.println("not a RoundReport on " + topic);
            }
        });
        link.publish(Topics.plan(exp), plan.build().toByteArray(), 1, true);
        long started = System.currentTimeMillis();
        while (!all(states, nodes, NodeState.Status.BIRTH)) {
            Thread.sleep(100);
        }
        System.out.printf("all %d born after %d ms; START%n", nodes, System.currentTimeMillis() - started);
        started = System.currentTimeMillis();
        link.publish(Topics.control(exp), Control.newBuilder().setExperiment(exp).setCommand(Control.Command.START)
                .build().toByteArray(), 1, true);
        while (!allGone(states, nodes)) {
            Thread.sleep(200);
        }
        long ms = System.currentTimeMillis() - started;
        System.out.printf("%d rounds in %d ms (%.1f ms per round)%n", rounds, ms, (double) ms / rounds);
        for (int i = 0; i < nodes; i++) {
            RoundReport r = last.getOrDefault("n" + i, RoundReport.getDefaultInstance());
            System.out.printf("n%d: %s; last report: round %d, loss %.4f, accuracy %.4f, dropped %d, payload %d bits%n", i,
                    states.get("n" + i).getStatus() + " " + states.get("n" + i).getDetail(), r.getRound(), r.getTrainLoss(), r.getTestAccuracy(),
                    r.getDroppedFrames(), r.getPayloadBits());
        }
        link.publish(Topics.plan(exp), new byte[0], 1, true); // clear the retained plan and control
        link.publish(Topics.control(exp), new byte[0], 1, true);
        link.close();
    }

    /** Every node left, or died (an agent killed by an OutOfMemoryError publishes no LEAVE, its broker the DEATH). */
    private static boolean allGone(Map<String, NodeState> states, int nodes) {
        for (int i = 0; i < nodes; i++) {
            NodeState.Status status = states.get("n" + i).getStatus();
            if (status != NodeState.Status.LEAVE && status != NodeState.Status.DEATH) {
                return false;
            }
        }
        return true;
    }

    private static boolean all(Map<String, NodeState> states, int nodes, NodeState.Status status) {
        for (int i = 0; i < nodes; i++) {
            NodeState state = states.get("n" + i);
            if (state == null || state.getStatus() != status) {
                return false;
            }
        }
        return true;
    }
}
