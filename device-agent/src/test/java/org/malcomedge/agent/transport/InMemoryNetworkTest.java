package org.malcomedge.agent.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.malcomedge.wire.ResidualFrame;

class InMemoryNetworkTest {

    private static ResidualFrame frame(String sender, long seq) {
        return ResidualFrame.newBuilder().setSender(sender).setSeq(seq).build();
    }

    @Test
    void deliversOnlyToSubscribersInDeterministicOrder() {
        InMemoryNetwork network = new InMemoryNetwork(LinkModel.perfect());
        Transport a = network.connect("a");
        Transport b = network.connect("b");
        Transport c = network.connect("c");
        List<String> seenByC = new ArrayList<>();
        c.subscribe("b", f -> seenByC.add(f.getSender() + f.getSeq()));
        c.subscribe("a", f -> seenByC.add(f.getSender() + f.getSeq()));
        b.publish(frame("b", 2));
        b.publish(frame("b", 1));
        a.publish(frame("a", 1));
        assertEquals(0, network.deliver("a"));
        assertEquals(3, network.deliver("c"));
        assertEquals(List.of("a1", "b1", "b2"), seenByC);
        c.unsubscribe("a");
        a.publish(frame("a", 2));
        assertEquals(0, network.deliver("c"));
    }

    @Test
    void delaysCountInTicksAndTrafficIsMetered() {
        InMemoryNetwork network = new InMemoryNetwork((s, r, f) -> f.getSeq() == 1 ? 1 : 0);
        Transport a = network.connect("a");
        Transport b = network.connect("b");
        List<Long> seen = new ArrayList<>();
        long[] bytes = new long[2];
        b.subscribe("a", f -> seen.add(f.getSeq()));
        a.addTrafficListener(new Transport.TrafficListener() {
            @Override
            public void published(ResidualFrame f, int frameBytes) {
                bytes[0] += frameBytes;
            }
        });
        b.addTrafficListener(new Transport.TrafficListener() {
            @Override
            public void delivered(ResidualFrame f, int frameBytes) {
                bytes[1] += frameBytes;
            }
        });
        a.publish(frame("a", 1));
        a.publish(frame("a", 2));
        network.deliver("b");
        assertEquals(List.of(2L), seen);
        network.tick();
        network.deliver("b");
        assertEquals(List.of(2L, 1L), seen);
        assertEquals(bytes[0], bytes[1]);
        assertTrue(bytes[0] > 0);
    }

    @Test
    void lossIsDeterministicBySeedAndSparesKeyframes() {
        LinkModel lossy = LinkModel.lossy(0.5, 7);
        int lost = 0;
        for (long seq = 1; seq <= 1000; seq++) {
            int delay = lossy.delay("a", "b", frame("a", seq));
            assertEquals(delay, lossy.delay("a", "b", frame("a", seq)));
            lost += delay == LinkModel.LOST ? 1 : 0;
        }
        assertTrue(lost > 400 && lost < 600, "lost " + lost);
        assertEquals(0, lossy.delay("a", "b", frame("a", 1).toBuilder().setKeyframe(true).build()));
    }

    @Test
    void keyframeRequestsReachTheSender() {
        InMemoryNetwork network = new InMemoryNetwork(LinkModel.perfect());
        Transport a = network.connect("a");
        Transport b = network.connect("b");
        List<ResidualFrame> seen = new ArrayList<>();
        b.subscribe("a", seen::add);
        a.onKeyframeRequest(() -> a.publish(frame("a", 5).toBuilder().setKeyframe(true).build()));
        b.requestKeyframe("a");
        b.requestKeyframe("a");
        assertEquals(1, network.serveKeyframeRequests());
        network.deliverAll();
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).getKeyframe());
    }
}
