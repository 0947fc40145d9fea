package org.malcomedge.coordinator.plan;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** One value as YAML text on one line, quoted where YAML needs it (paths with spaces, ':' and the like). */
final class YamlValues {

    private static final Dump DUMP = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.FLOW)
            .setWidth(1 << 16).build());

    private YamlValues() {
    }

    static String of(Object value) {
        return DUMP.dumpToString(value).strip();
    }
}
