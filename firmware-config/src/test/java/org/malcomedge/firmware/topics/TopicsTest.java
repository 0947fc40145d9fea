package org.malcomedge.firmware.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.malcomedge.firmware.topics.Topics.Kind;
import org.malcomedge.firmware.topics.Topics.Topic;

class TopicsTest {

    @Test
    void buildsTheLayoutOfDesignSection5() {
        assertEquals("malcom/exp1/plan", Topics.plan("exp1"));
        assertEquals("malcom/exp1/control", Topics.control("exp1"));
        assertEquals("malcom/exp1/server/down", Topics.serverDown("exp1"));
        assertEquals("malcom/exp1/node/n-3/state", Topics.state("exp1", "n-3"));
        assertEquals("malcom/exp1/node/n-3/residual", Topics.residual("exp1", "n-3"));
        assertEquals("malcom/exp1/node/n-3/keyframe", Topics.keyframe("exp1", "n-3"));
        assertEquals("malcom/exp1/node/n-3/repair", Topics.repair("exp1", "n-3"));
        assertEquals("malcom/exp1/node/n-3/metrics", Topics.metrics("exp1", "n-3"));
        assertEquals("malcom/exp1/node/n-3/up", Topics.up("exp1", "n-3"));
        assertEquals("malcom/exp1/node/n-3/down", Topics.down("exp1", "n-3"));
        assertEquals("malcom/exp1/node/+/up", Topics.allNodes(Kind.UP, "exp1"));
        assertEquals("malcom/exp1/node/+/metrics", Topics.allNodes(Kind.METRICS, "exp1"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void parseInvertsBuild(Kind kind) {
        Topic topic = new Topic(kind, "trial_2.a", kind.perNode() ? Optional.of("node-17") : Optional.empty());
        assertEquals(topic, Topics.parse(topic.path()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+b", "a#", "a/b", "", "sp ace", "é"})
    void rejectsNamesThatBreakTheTree(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topics.residual("exp", bad));
        assertTrue(e.getMessage().startsWith("node id "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Topics.plan(bad));
    }

    @Test
    void namesTheOffendingCharacter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topics.state("exp", "n+1"));
        assertEquals("node id 'n+1' contains '+' (allowed: letters, digits, '.', '_', '-')", e.getMessage());
    }

    @Test
    void rejectsOverLongNames() {
        String ok = "x".repeat(Topics.MAX_NAME_LENGTH);
        assertEquals("malcom/" + ok + "/plan", Topics.plan(ok));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topics.plan(ok + "x"));
        assertTrue(e.getMessage().contains("longer than 64"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "other/exp/plan", "malcom/exp", "malcom/exp/plans", "malcom/exp/node/n1", "malcom/exp/node/n1/residual/x",
        "malcom/exp/node/+/residual", "malcom//plan", "malcom/exp/server/up", "malcom/exp/server/down/n1", "malcom/exp/node/n1/downs", "malcom/e#/control", "malcom/exp/node/n1/plan"
    })
    void parseRejectsForeignTopics(String topic) {
        assertThrows(IllegalArgumentException.class, () -> Topics.parse(topic));
    }

    @Test
    void wildcardFilterOnlyForPerNodeKinds() {
        assertThrows(IllegalArgumentException.class, () -> Topics.allNodes(Kind.PLAN, "exp"));
    }
}
