package org.malcomedge.firmware.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import org.junit.jupiter.api.Test;
import org.malcomedge.wire.Control;
import org.malcomedge.wire.DataSplit;
import org.malcomedge.wire.DeviceHealth;
import org.malcomedge.wire.Edge;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.Hyperparameters;
import org.malcomedge.wire.NodeState;
import org.malcomedge.wire.ResidualFrame;
import org.malcomedge.wire.RoundReport;

/** Every wire message survives serialization with every field set to a non-default value. */
class WireMessagesTest {

    @FunctionalInterface
    interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private static <T extends MessageLite> void assertRoundTrip(T message, Parser<T> parser) throws Exception {
        byte[] bytes = message.toByteArray();
        T back = parser.parse(bytes);
        assertEquals(message, back);
        assertEquals(bytes.length, back.getSerializedSize());
    }

    @Test
    void residualFrame() throws Exception {
        ResidualFrame frame = ResidualFrame.newBuilder()
                .setExperiment("exp-1").setSender("n3").setRound(41).setSeq(1_000_000_007L).setEpoch(2)
                .setCodec("qsgd:2+vsc").setDimension(100_000)
                .setPayload(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xff}))
                .setCrc32C(0xdeadbeef).setKeyframe(true).build();
        assertRoundTrip(frame, ResidualFrame::parseFrom);
        assertEquals(0xdeadbeef, ResidualFrame.parseFrom(frame.toByteArray()).getCrc32C());
    }

    @Test
    void nodeState() throws Exception {
        assertRoundTrip(NodeState.newBuilder().setExperiment("exp-1").setNode("n3")
                .setStatus(NodeState.Status.DEATH).setEpoch(3).setTimestampMs(1_700_000_000_000L)
                .setAgentVersion("0.1.0").setDetail("will").setRound(17).build(), NodeState::parseFrom);
    }

    @Test
    void experimentPlan() throws Exception {
        ExperimentPlan plan = ExperimentPlan.newBuilder().setExperiment("exp-1")
                .addNodes("n0").addNodes("n1")
                .addEdges(Edge.newBuilder().setA("n0").setB("n1").setWeight(0.5))
                .addSelfWeights(0.5).addSelfWeights(0.5)
                .setAlgorithm("malcom").setCompressor("qsgd:2+vsc")
                .setHyperparameters(Hyperparameters.newBuilder().setEta(0.1).setGamma(0.3).setLambda(1e-4)
                        .setBatch(32).setRounds(200).setLocalSteps(1).setMomentum(0.9))
                .setModel("mlp:32")
                .setData(DataSplit.newBuilder().setDataset("csv:/data/x.csv").setSplit("dirichlet:0.5")
                        .setLabel("class").setTestSet("shared"))
                .setSeed(42).setTargetAccuracy(0.9).setCheckpointEvery(10).setTopology("ring").setDropoutRounds(5)
                .build();
        assertRoundTrip(plan, ExperimentPlan::parseFrom);
    }

    @Test
    void roundReport() throws Exception {
        assertRoundTrip(RoundReport.newBuilder().setExperiment("exp-1").setNode("n1").setRound(9).setEpoch(1)
                .setTrainLoss(0.25).setTestAccuracy(0.93).setSparsity(0.7).setPayloadBits(12345)
                .setFrameBytes(1600).setSocketBytes(1700).setInterfaceBytes(2100).setRepairs(1).setDroppedFrames(2)
                .setComputeMs(3.5).setRoundMs(7.25)
                .setHealth(DeviceHealth.newBuilder().setCpuTemperatureC(51.2).setThrottled(true)
                        .setHeapUsedBytes(1 << 20).setRssBytes(150L << 20))
                .setTimestampMs(1_700_000_000_123L).build(), RoundReport::parseFrom);
    }

    @Test
    void control() throws Exception {
        assertRoundTrip(Control.newBuilder().setExperiment("exp-1").setCommand(Control.Command.STOP)
                .setIssuedMs(99).setReason("target reached").build(), Control::parseFrom);
    }

    @Test
    void truncatedFrameIsRejected() {
        byte[] bytes = ResidualFrame.newBuilder().setSender("n1").setPayload(ByteString.copyFrom(new byte[64]))
                .build().toByteArray();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 10);
        assertThrows(InvalidProtocolBufferException.class, () -> ResidualFrame.parseFrom(cut));
    }
}
