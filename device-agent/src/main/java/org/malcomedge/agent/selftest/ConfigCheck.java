package org.malcomedge.agent.selftest;

import java.nio.file.Path;
import java.util.Optional;
import org.malcomedge.firmware.config.ConfigException;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.config.DeviceConfigLoader;

/** The device config loads (what {@code check-config} checks): its problems, each with field and line, on one line. */
public final class ConfigCheck implements SelfCheck {

    private final Path file;
    private Optional<DeviceConfig> loaded = Optional.empty();

    public ConfigCheck(Path file) {
        this.file = file;
    }

    /** The config, once {@link #run} passed. */
    public Optional<DeviceConfig> config() {
        return loaded;
    }

    @Override
    public String name() {
        return "config";
    }

    @Override
    public Outcome run() {
        try {
            DeviceConfig config = DeviceConfigLoader.load(file);
            loaded = Optional.of(config);
            return Outcome.pass(file + ": node " + config.id() + ", experiment " + config.experiment() + ", broker "
                    + config.broker().uri());
        } catch (ConfigException e) {
            return Outcome.fail(e.getMessage().replaceAll("\\R\\s*", "; "));
        }
    }
}
