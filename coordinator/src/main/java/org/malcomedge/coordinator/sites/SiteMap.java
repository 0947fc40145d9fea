package org.malcomedge.coordinator.sites;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which site each device is on and each site's broker, as read from a sites file and checked
 * against the plan: every planned device is on exactly one site and every site has an address.
 *
 * @param siteOf device id to site name
 * @param brokers site name to its broker's address "host:port", as a bridge dials it
 */
public record SiteMap(Map<String, String> siteOf, Map<String, String> brokers) {

    public SiteMap {
        siteOf = Map.copyOf(siteOf);
        brokers = Map.copyOf(brokers);
    }

    public Set<String> sites() {
        return new TreeMap<>(brokers).keySet();
    }

    /** Undirected edges of the graph whose ends sit on different sites, as "a|b". */
    public Set<String> crossEdges(Map<String, Set<String>> neighbours) {
        return SiteBridges.crossEdges(neighbours, siteOf);
    }

    /** The bridge sections {@code site}'s broker hosts (empty when it hosts none). */
    public String bridges(String experiment, String site, Map<String, Set<String>> neighbours) {
        return SiteBridges.render(experiment, site, neighbours, siteOf, brokers);
    }
}
