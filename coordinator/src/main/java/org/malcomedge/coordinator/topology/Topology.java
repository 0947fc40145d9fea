package org.malcomedge.coordinator.topology;

/**
 * A communication graph over the rounds of a run. Static topologies return the same graph every
 * round; {@code dynamic:D:K} draws a new one every K rounds. Rounds count from 1.
 */
public interface Topology {

    /** The spec string this topology was parsed from, e.g. {@code regular:4}. */
    String spec();

    /** Number of nodes. */
    int size();

    /** The graph used in {@code round}. */
    Graph graphAt(int round);

    /** True when {@link #graphAt} may change between rounds. */
    default boolean timeVarying() {
        return false;
    }
}
