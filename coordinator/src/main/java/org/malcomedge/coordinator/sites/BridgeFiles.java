package org.malcomedge.coordinator.sites;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Writes one Mosquitto bridge fragment per site, {@code DIR/sites/SITE/bridges.conf}, for {@code plan --sites}. */
public final class BridgeFiles {

    public static final String FOLDER = "sites";
    public static final String FILE = "bridges.conf";

    private BridgeFiles() {
    }

    /** Every site's file by site name; a site that hosts no bridge gets a file saying so (no stale file is left). */
    public static Map<String, Path> write(Path dir, String experiment, Map<String, Set<String>> neighbours, SiteMap sites)
            throws IOException {
        Map<String, Path> written = new LinkedHashMap<>();
        for (String site : sites.sites()) {
            String bridges = sites.bridges(experiment, site, neighbours);
            Path file = dir.resolve(FOLDER).resolve(site).resolve(FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# Bridges hosted by site " + site + "'s broker (experiment " + experiment
                    + "): append to its mosquitto.conf or include it.\n"
                    + "# Only the residual, keyframe, repair and state topics of cross-site edges are carried.\n"
                    + (bridges.isEmpty() ? "# This site hosts no bridge (its pairs' bridges, if any, are hosted by the other site).\n"
                            : bridges), StandardCharsets.UTF_8);
            written.put(site, file);
        }
        return written;
    }
}
