package org.malcomedge.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.malcomedge.firmware.topics.Topics;
import org.malcomedge.wire.NodeState;

/**
 * What the fleet logic relies on from a {@link FleetLink}, run on each implementation: the memory
 * twin must behave as the real link on a real broker does, or tests of the fleet logic on the twin
 * prove nothing.
 */
abstract class FleetLinkContract {

    private static final long WAIT_SECONDS = 10;
    /** Long enough for a message that should not come to have come. */
    private static final long QUIET_MILLIS = 300;

    /** A client that is no node; each test uses its own experiment, so retained messages do not leak between tests. */
    abstract FleetLink observer(String id, String experiment) throws LinkException;

    /** A node whose BIRTH is held until {@link FleetLink#announce}. */
    abstract FleetLink nodeBeforeBirth(String id, String experiment, int epoch) throws LinkException;

    /** Kills {@code link} the way a killed process dies. */
    abstract void crash(FleetLink link);

    private record Message(String topic, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static FleetLink.MessageHandler into(BlockingQueue<Message> queue) {
        return (topic, payload) -> queue.add(new Message(topic, payload));
    }

    private static Message next(BlockingQueue<Message> queue) throws InterruptedException {
        Message m = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(m != null, "no message within " + WAIT_SECONDS + " s");
        return m;
    }

    private static NodeState state(Message m) throws InvalidProtocolBufferException {
        return NodeState.parseFrom(m.payload());
    }

    @Test
    void wildcardsMatchLevelsAndMessagesComeInPublishOrder() throws Exception {
        String exp = "order";
        try (FleetLink a = observer("a", exp); FleetLink b = observer("b", exp); FleetLink c = observer("c", exp)) {
            BlockingQueue<Message> plus = new LinkedBlockingQueue<>();
            BlockingQueue<Message> hash = new LinkedBlockingQueue<>();
            b.subscribe("t/" + exp + "/+/x", 1, into(plus));
            c.subscribe("t/" + exp + "/#", 1, into(hash)); // not b's: a link's filters must not overlap
            a.publish("t/" + exp + "/n1/y", "not plus".getBytes(StandardCharsets.UTF_8), 1, false);
            for (int i = 0; i < 50; i++) {
                a.publish("t/" + exp + "/n" + i + "/x", Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1, false);
            }
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 51; i++) {
                all.add(next(hash).text());
            }
            assertEquals("not plus", all.get(0));
            for (int i = 0; i < 50; i++) {
                assertEquals(Integer.toString(i), next(plus).text(), "in publish order");
                assertEquals(Integer.toString(i), all.get(i + 1));
            }
            assertNull(plus.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS), "+ is one level");
        }
    }

    @Test
    void aSubscriptionGetsWhatIsRetainedButNothingPublishedBeforeIt() throws Exception {
        String exp = "retain";
        try (FleetLink a = observer("a", exp); FleetLink b = observer("b", exp)) {
            a.publish("r/" + exp + "/kept", "kept".getBytes(StandardCharsets.UTF_8), 1, true);
            a.publish("r/" + exp + "/cleared", "gone".getBytes(StandardCharsets.UTF_8), 1, true);
            a.publish("r/" + exp + "/cleared", new byte[0], 1, true);
            a.publish("r/" + exp + "/passing", "passing".getBytes(StandardCharsets.UTF_8), 1, false);
            BlockingQueue<Message> heard = new LinkedBlockingQueue<>();
            b.subscribe("r/" + exp + "/+", 1, into(heard));
            Message kept = next(heard);
            assertEquals("r/" + exp + "/kept", kept.topic());
            assertEquals("kept", kept.text());
            assertNull(heard.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS), "an empty retained payload clears its topic");
        }
    }

    @Test
    void aNodeIsBornWhenItAnnouncesLeavesWithItsReasonAndACrashSendsItsWill() throws Exception {
        String exp = "presence";
        try (FleetLink watcher = observer("watcher", exp)) {
            BlockingQueue<Message> states = new LinkedBlockingQueue<>();
            watcher.subscribe(Topics.allNodes(Topics.Kind.STATE, exp), 1, into(states));
            FleetLink n1 = nodeBeforeBirth("n1", exp, 2);
            FleetLink n2 = nodeBeforeBirth("n2", exp, 0);
            assertNull(states.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS), "no BIRTH before announce");

            n1.announce(7);
            NodeState birth = state(next(states));
            assertEquals(List.of("n1", NodeState.Status.BIRTH, 2, 7L, FleetLink.CONNECTED),
                    List.of(birth.getNode(), birth.getStatus(), birth.getEpoch(), birth.getRound(), birth.getDetail()));
            n1.progress(9);
            n1.leave("finished");
            NodeState leave = state(next(states));
            assertEquals(List.of("n1", NodeState.Status.LEAVE, 9L, "finished"),
                    List.of(leave.getNode(), leave.getStatus(), leave.getRound(), leave.getDetail()));
            assertThrows(LinkException.class, () -> n1.publish("x/" + exp, new byte[1], 1, false),
                    "a link that left publishes nothing");

            n2.announce(0);
            assertEquals(NodeState.Status.BIRTH, state(next(states)).getStatus());
            crash(n2);
            NodeState death = state(next(states));
            assertEquals(List.of("n2", NodeState.Status.DEATH), List.of(death.getNode(), death.getStatus()));
            assertNull(states.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS), "n1's will was discarded by its LEAVE");

            try (FleetLink late = observer("late", exp)) {
                BlockingQueue<Message> retained = new LinkedBlockingQueue<>();
                late.subscribe(Topics.allNodes(Topics.Kind.STATE, exp), 1, into(retained));
                List<NodeState.Status> last = new ArrayList<>();
                last.add(state(next(retained)).getStatus());
                last.add(state(next(retained)).getStatus());
                assertTrue(last.containsAll(List.of(NodeState.Status.LEAVE, NodeState.Status.DEATH)),
                        "a late subscriber learns each node's last state: " + last);
            }
        }
    }

    @Test
    void aMessageLargerThanTheFrameLimitIsRefusedAndTheBytesAreCounted() throws Exception {
        String exp = "limit";
        try (FleetLink a = observer("a", exp); FleetLink b = observer("b", exp)) {
            BlockingQueue<Message> heard = new LinkedBlockingQueue<>();
            b.subscribe("l/" + exp, 1, into(heard));
            LinkException e = assertThrows(LinkException.class,
                    () -> a.publish("l/" + exp, new byte[a.maxFrameBytes() + 1], 1, false));
            assertTrue(e.getMessage().contains("larger than the maximum frame size"), e.getMessage());
            SocketBytes aBefore = a.socketBytes();
            SocketBytes bBefore = b.socketBytes();
            a.publish("l/" + exp, new byte[10_000], 1, false);
            next(heard);
            assertTrue(a.socketBytes().minus(aBefore).sent() >= 10_000, "sent " + a.socketBytes().minus(aBefore));
            assertTrue(b.socketBytes().minus(bBefore).received() >= 10_000, "received " + b.socketBytes().minus(bBefore));
        }
    }

    @Test
    void aFailingHandlerDoesNotStopTheMessagesAfterIt() throws Exception {
        String exp = "handler";
        try (FleetLink a = observer("a", exp); FleetLink b = observer("b", exp)) {
            BlockingQueue<Message> heard = new LinkedBlockingQueue<>();
            b.subscribe("h/" + exp, 1, (topic, payload) -> {
                if (payload[0] == 0) {
                    throw new IllegalStateException("a bad handler, thrown by the test");
                }
                heard.add(new Message(topic, payload));
            });
            a.publish("h/" + exp, new byte[] {0}, 1, false);
            a.publish("h/" + exp, new byte[] {1}, 1, false);
            assertEquals(1, next(heard).payload()[0]);
            assertTrue(b.isConnected());
        }
    }
}
