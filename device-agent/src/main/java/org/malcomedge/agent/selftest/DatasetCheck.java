package org.malcomedge.agent.selftest;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.firmware.config.DeviceConfig;

/**
 * The config's data set is there and reads: {@code data.source} in {@code data.dir} (or the
 * default folder), one row of each part loaded the way an agent loads its share.
 */
public final class DatasetCheck implements SelfCheck {

    private final Supplier<Optional<DeviceConfig>> config;

    public DatasetCheck(Supplier<Optional<DeviceConfig>> config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "data set";
    }

    @Override
    public Outcome run() {
        Optional<DeviceConfig> device = config.get();
        if (device.isEmpty()) {
            return Outcome.fail("not checked: the config did not load");
        }
        DeviceConfig.Data data = device.get().data();
        Path dir = data.dir().orElseGet(Datasets::defaultDirectory);
        AtomicInteger trainRows = new AtomicInteger();
        AtomicInteger testRows = new AtomicInteger();
        TrainTest loaded = Datasets.load(data.source(), data.label(), dir, (labels, classes) -> {
            trainRows.set(labels.length);
            return new int[] {0};
        }, (labels, classes) -> {
            testRows.set(labels.length);
            return new int[] {0};
        });
        return Outcome.pass(data.source() + " in " + dir + ": " + trainRows.get() + " training and " + testRows.get()
                + " test rows, " + loaded.train().features() + " features, " + loaded.train().classes() + " classes");
    }
}
