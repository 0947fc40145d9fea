package org.malcomedge.coordinator.fleet;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.Control;
import org.malcomedge.wire.ExperimentPlan;
import org.malcomedge.wire.RoundReport;

/**
 * Test twin of a device agent on the coordinator's side of the contract: announces itself, waits for
 * its plan and the retained START, then reports every round at once (accuracy 0.5 + round/1000,
 * final model all {@code node index}) and leaves. Checks the coordinator without the real agent.
 */
final class FakeDevice implements AutoCloseable {

    private final MqttLink link;
    private final String id;
    private final CompletableFuture<ExperimentPlan> plan = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Rounds reported before the device stalls (waiting for STOP), or all of them. */
    private final int reportedRounds;

    private FakeDevice(MqttLink link, String id, int reportedRounds) {
        this.link = link;
        this.id = id;
        this.reportedRounds = reportedRounds;
    }

    static FakeDevice start(URI broker, String experiment, String id) throws LinkException {
        return start(broker, experiment, id, Integer.MAX_VALUE);
    }

    /** A device that reports only its first {@code reportedRounds} rounds, then waits; STOP makes it leave. */
    static FakeDevice start(URI broker, String experiment, String id, int reportedRounds) throws LinkException {
        FakeDevice device = new FakeDevice(MqttLink.connect(MqttLinkSettings.of(broker, id, experiment)), id, reportedRounds);
        device.link.subscribe(Topics.plan(experiment), 1, (topic, payload) -> {
            try {
                if (payload.length > 0) {
                    device.plan.complete(ExperimentPlan.parseFrom(payload));
                }
            } catch (InvalidProtocolBufferException e) {
                device.plan.completeExceptionally(e);
            }
        });
        device.link.subscribe(Topics.control(experiment), 1, (topic, payload) -> {
            try {
                Control.Command command = payload.length > 0 ? Control.parseFrom(payload).getCommand() : null;
                if (command == Control.Command.START) {
                    CompletableFuture.runAsync(device::runRounds);
                } else if (command == Control.Command.STOP) {
                    CompletableFuture.runAsync(device::close);
                }
            } catch (InvalidProtocolBufferException e) {
                device.done.completeExceptionally(e);
            }
        });
        return device;
    }

    private synchronized void runRounds() {
        if (done.isDone()) {
            return;
        }
        try {
            ExperimentPlan p = plan.join();
            int index = p.getNodesList().indexOf(id);
            int rounds = p.getHyperparameters().getRounds();
            for (int t = 1; t <= Math.min(rounds, reportedRounds); t++) {
                RoundReport.Builder report = RoundReport.newBuilder().setExperiment(p.getExperiment()).setNode(id)
                        .setRound(t).setEpoch(0).setTrainLoss(1.0 / t).setTestAccuracy(0.5 + t / 1000.0)
                        .setSparsity(0.25).setPayloadBits(1000).setFrameBytes(150).setSocketBytes(200)
                        .setRepairs(t == 2 ? 1 : 0).setComputeMs(1).setRoundMs(2);
                if (t == rounds) {
                    ByteBuffer model = ByteBuffer.allocate(3 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    model.putFloat(index).putFloat(index).putFloat(index).flip();
                    report.setFinalModel(ByteString.copyFrom(model));
                }
                link.publish(Topics.metrics(p.getExperiment(), id), report.build().toByteArray(), 1, false);
            }
            done.complete(null);
        } catch (LinkException | RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void close() {
        link.close(); // LEAVE
    }
}
