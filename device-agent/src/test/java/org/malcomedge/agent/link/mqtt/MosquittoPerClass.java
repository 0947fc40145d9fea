package org.malcomedge.agent.link.mqtt;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test support: one anonymous {@link MosquittoBroker} for all tests of a class, started before the
 * first and stopped after the last. {@code @RegisterExtension static MosquittoPerClass broker = new MosquittoPerClass();}
 */
public final class MosquittoPerClass implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private MosquittoBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("malcom-mosquitto-");
        broker = MosquittoBroker.startAnonymous(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public URI uri() {
        return broker.uri();
    }

    /** Restarts the broker on the same port; without persistence it forgets sessions and retained messages. */
    public void restart() {
        broker.restart();
    }
}
