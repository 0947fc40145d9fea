package org.malcomedge.agent.link.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.malcomedge.firmware.state.NodeStates;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;

/**
 * A graceful leave stays a leave: the broker must have processed the DISCONNECT (which discards the
 * will) before the TCP connection closes, or it publishes DEATH after the LEAVE.
 */
class MqttLinkLeaveTest {

    @RegisterExtension
    static MosquittoPerClass broker = new MosquittoPerClass();

    private static final int FLOOD = 20;

    @Test
    void aFloodOfLeavesSendsNoDeath() throws Exception {
        String exp = "leaveflood";
        Observed observed = observe(exp);
        List<MqttLink> links = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            links.add(busyNode(exp, "n" + i));
        }
        Thread chatter = chatter(exp);
        for (MqttLink link : links) {
            link.leave("finished");
        }
        chatter.interrupt();
        chatter.join();
        settle();
        long deaths = observed.deathsAfterLeave();
        System.out.println("DEATH after LEAVE in a flood of " + FLOOD + " leaves: " + deaths);
        assertEquals(0, deaths, "wills published after a graceful LEAVE: " + observed.heard);
        for (int i = 0; i < FLOOD; i++) {
            assertEquals(NodeState.Status.LEAVE, retained(exp, "n" + i).getStatus(), "n" + i + "'s retained state");
        }
        observed.link.close();
    }

    /**
     * The race without a DISCONNECT at all (a crash right after LEAVE, as a lost DISCONNECT is):
     * the broker sends the will after the LEAVE, every time, and NodeStates keeps the LEAVE.
     */
    @Test
    void aLeaveWhoseDisconnectIsLostIsFollowedByDeathWhichNodeStatesIgnores() throws Exception {
        String exp = "leavecrash";
        Observed observed = observe(exp);
        for (int i = 0; i < 5; i++) {
            MqttLink link = busyNode(exp, "c" + i);
            link.publish(Topics.state(exp, "c" + i), link.state(NodeState.Status.LEAVE, "finished").toByteArray(), 1, true);
            LinkCrash.crash(link);
        }
        settle();
        assertEquals(5, observed.deathsAfterLeave(), "every lost DISCONNECT lets the will out: " + observed.heard);
        for (int i = 0; i < 5; i++) {
            assertEquals(NodeState.Status.LEAVE, observed.held.get("c" + i).getStatus(), "NodeStates keeps c" + i + "'s LEAVE");
        }
    }

    /** Traffic to every node while they leave: unread bytes at close time make the kernel reset the connection. */
    private static Thread chatter(String exp) throws LinkException {
        MqttLink talker = MqttLink.connect(MqttLinkSettings.of(broker.uri(), "talker-" + exp, exp).silent());
        Thread thread = new Thread(() -> {
            byte[] noise = new byte[2048];
            try (talker) {
                while (!Thread.currentThread().isInterrupted()) {
                    talker.publish(exp + "/chatter", noise, 0, false);
                }
            } catch (LinkException e) {
                throw new IllegalStateException(e);
            }
        }, "chatter");
        thread.start();
        return thread;
    }

    /** A node that, like an agent, listens to every node's state, so messages arrive while it leaves. */
    private static MqttLink busyNode(String exp, String id) throws LinkException {
        MqttLink link = MqttLink.connect(MqttLinkSettings.of(broker.uri(), id, exp));
        link.subscribe(Topics.allNodes(Topics.Kind.STATE, exp), 1, (topic, payload) -> { });
        link.subscribe(exp + "/chatter", 0, (topic, payload) -> { });
        return link;
    }

    private static final class Observed {
        final MqttLink link;
        final List<NodeState> heard = new CopyOnWriteArrayList<>();
        final Map<String, NodeState> held = new ConcurrentHashMap<>();

        Observed(MqttLink link) {
            this.link = link;
        }

        long deathsAfterLeave() {
            Map<String, Boolean> left = new ConcurrentHashMap<>();
            long deaths = 0;
            for (NodeState s : heard) {
                if (s.getStatus() == NodeState.Status.LEAVE) {
                    left.put(s.getNode(), true);
                } else if (s.getStatus() == NodeState.Status.DEATH && left.containsKey(s.getNode())) {
                    deaths++;
                }
            }
            return deaths;
        }
    }

    private static Observed observe(String exp) throws LinkException {
        Observed observed = new Observed(MqttLink.connect(MqttLinkSettings.of(broker.uri(), "observer-" + exp, exp).silent()));
        observed.link.subscribe(Topics.allNodes(Topics.Kind.STATE, exp), 1, (topic, payload) -> {
            NodeState s = parse(payload);
            observed.heard.add(s);
            observed.held.merge(s.getNode(), s, NodeStates::next);
        });
        return observed;
    }

    private static NodeState retained(String exp, String node) throws Exception {
        List<NodeState> got = new CopyOnWriteArrayList<>();
        try (MqttLink probe = MqttLink.connect(MqttLinkSettings.of(broker.uri(), "probe-" + node, exp).silent())) {
            probe.subscribe(Topics.state(exp, node), 1, (topic, payload) -> got.add(parse(payload)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no retained state for " + node);
                Thread.sleep(10);
            }
        }
        return got.get(0);
    }

    /** Wills go out at once when the broker sees the socket close: half a second is plenty on loopback. */
    private static void settle() throws InterruptedException {
        Thread.sleep(500);
    }

    private static NodeState parse(byte[] payload) {
        try {
            return NodeState.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
