package org.malcomedge.agent.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.firmware.state.NodeStates;
import org.malcomedge.wire.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who of the fleet takes part, as far as one node knows: every node's latest state, the latest
 * round each neighbour sent a frame of, dropout by silence, and this node's own connection (while
 * it is in doubt nobody is judged). Not thread-safe: {@link FleetView} calls it under its lock.
 */
final class Liveness {

    private static final Logger log = LoggerFactory.getLogger(FleetView.class);

    private final String self;
    private final Clock clock;
    private final Map<String, NodeState> states = new HashMap<>();
    /** When each node's latest DEATH arrived (see {@link FleetView#DEATH_SETTLE}). */
    private final Map<String, Instant> deathsHeard = new HashMap<>();
    /** Neighbours we stopped hearing from (dropout by silence) until they are heard again. */
    private final Set<String> silent = new HashSet<>();
    /** Per neighbour: the latest round of a frame it sent us (the round barrier, dropout by silence). */
    private final Map<String, Integer> latest = new HashMap<>();
    /** The round the node is in. */
    private int round;

    /** Whether this node's broker connection is up. */
    private boolean online = true;
    /** When the connection last came back (the barrier's timeout restarts there); null before any outage. */
    private Instant onlineSince;
    /** Round at the last reconnect: silence counts from here, DEATHs wait until {@link #graceRounds} later. */
    private int reconnectRound = Integer.MIN_VALUE / 2;
    private int graceRounds;

    Liveness(String self, Clock clock) {
        this.self = self;
        this.clock = clock;
    }

    void enter(int now) {
        round = now;
    }

    int round() {
        return round;
    }

    /**
     * Takes {@code node}'s state message; true when it is a BIRTH after a reconnect of a neighbour
     * that sent us frames before (what we sent while it was away is lost for it).
     */
    boolean onState(String node, NodeState state) {
        if (NodeStates.isWillAfterLeave(states.get(node), state)) {
            log.debug("{}: {}'s will came after its LEAVE of epoch {}: it left", self, node, state.getEpoch());
            return false;
        }
        states.put(node, state);
        if (state.getStatus() == NodeState.Status.BIRTH) {
            silent.remove(node);
            return FleetLink.RECONNECTED.equals(state.getDetail())
                    && latest.containsKey(node);
        }
        if (state.getStatus() == NodeState.Status.DEATH) {
            deathsHeard.put(node, clock.instant());
        }
        return false;
    }

    /** A frame of {@code frameRound} came from {@code sender}: it is there. */
    void heard(String sender, int frameRound) {
        latest.merge(sender, frameRound, Math::max);
        silent.remove(sender);
    }

    /** Counts the neighbours' silence from {@code from} on (the node's start or resume point). */
    void expectFrom(Collection<String> neighbours, int from) {
        neighbours.forEach(j -> latest.merge(j, from, Math::max));
    }

    void connectionLost() {
        online = false;
        log.warn("{}: lost the broker in round {}: no neighbour is judged until it is back", self, round);
    }

    void reconnected() {
        online = true;
        onlineSince = clock.instant();
        reconnectRound = round;
    }

    void graceAfterReconnect(int rounds) {
        graceRounds = rounds;
    }

    /** When a barrier begun with {@code deadline} and {@code timeout} stops waiting: never while offline, the timeout again from a reconnect. */
    Instant barrierDeadline(Instant deadline, Duration timeout) {
        if (!online) {
            return Instant.MAX;
        }
        return onlineSince == null || onlineSince.plus(timeout).isBefore(deadline) ? deadline : onlineSince.plus(timeout);
    }

    /** Offline, or within the grace after the last reconnect: neighbours' silence and DEATHs say nothing yet. */
    private boolean judgementPaused() {
        return !online || round < reconnectRound + graceRounds;
    }

    /** The neighbours whose frame of round {@code t} the barrier still waits for. */
    Set<String> missing(int t, Collection<String> neighbours) {
        Set<String> missing = new TreeSet<>();
        for (String j : neighbours) {
            boolean arrived = latest.getOrDefault(j, 0) >= t;
            if (!arrived && !silent.contains(j) && !goneBefore(j, t) && !leftWithout(j, t)) {
                missing.add(j);
            }
        }
        return missing;
    }

    /** See {@link FleetView#noteSilence}. */
    void noteSilence(int t, Collection<String> neighbours, int rounds) {
        if (!online) {
            return;
        }
        for (String j : neighbours) {
            int heard = Math.max(latest.getOrDefault(j, 0), reconnectRound);
            if (!goneBefore(j, t) && heard <= t - rounds && silent.add(j)) {
                log.warn("{}: no frame from {} for {} rounds: leaving it out", self, j, rounds);
            }
        }
    }

    /**
     * A neighbour that LEFT sends nothing more, and what it sent before its LEAVE came before it (one
     * client, one connection, delivered in order): when its frame of round {@code t} has not come,
     * it never will (it went by while this node was away), so no barrier waits for it.
     */
    private boolean leftWithout(String j, int t) {
        NodeState state = states.get(j);
        return state != null && state.getStatus() == NodeState.Status.LEAVE && latest.getOrDefault(j, 0) < t;
    }

    /** See {@link FleetView#stranded}. */
    boolean stranded(int t, Collection<String> neighbours, int lastRound) {
        return !neighbours.isEmpty() && neighbours.stream()
                .allMatch(j -> leftWithout(j, t) && states.get(j).getRound() >= lastRound);
    }

    /** See {@link FleetView#alive}. */
    Set<String> alive(Collection<String> nodes, int t) {
        Set<String> alive = new TreeSet<>();
        for (String j : nodes) {
            if (j.equals(self) || (!goneBefore(j, t) && !silent.contains(j))) {
                alive.add(j);
            }
        }
        return alive;
    }

    /**
     * Dead or left, by its state topic, before finishing round {@code t}. A DEATH may be the
     * broker's going down rather than the neighbour's: it counts once it has settled
     * ({@link FleetView#DEATH_SETTLE}) and while this node's own connection is not in doubt
     * ({@link #judgementPaused}). A LEAVE always counts.
     */
    private boolean goneBefore(String node, int t) {
        NodeState state = states.get(node);
        if (state == null || state.getStatus() == NodeState.Status.BIRTH || state.getRound() >= t) {
            return false;
        }
        if (state.getStatus() != NodeState.Status.DEATH) {
            return true;
        }
        Instant heard = deathsHeard.getOrDefault(node, Instant.MIN);
        return !judgementPaused() && !clock.instant().isBefore(heard.plus(FleetView.DEATH_SETTLE));
    }
}
