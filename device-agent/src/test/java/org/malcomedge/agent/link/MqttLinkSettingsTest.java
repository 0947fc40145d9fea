package org.malcomedge.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.agent.InputException;
import org.malcomedge.firmware.config.DeviceConfig;

class MqttLinkSettingsTest {

    @TempDir
    Path dir;

    private DeviceConfig device(Optional<Path> passwordFile) {
        DeviceConfig.Broker broker = new DeviceConfig.Broker(URI.create("tcp://broker.local:1883"), Optional.of("n7"),
                passwordFile, Optional.empty(), Duration.ofSeconds(15), Optional.empty());
        return new DeviceConfig("n7", "exp", broker, new DeviceConfig.Data("digits", Optional.empty(), Optional.empty()),
                new DeviceConfig.Checkpoint(dir, 10), new DeviceConfig.Trainer(DeviceConfig.Backend.AUTO, 1),
                Optional.empty(), Optional.empty());
    }

    @Test
    void aDeviceReadsItsPasswordFileAndAnnouncesItself() throws Exception {
        Path secret = Files.writeString(dir.resolve("n7.password"), "s3cret\n");
        MqttLinkSettings s = MqttLinkSettings.device(device(Optional.of(secret)), 4);
        assertEquals("n7", s.clientId());
        assertEquals(Optional.of("n7"), s.username());
        assertEquals(Optional.of("s3cret"), s.password());
        assertEquals(4, s.epoch());
        assertEquals(Duration.ofSeconds(15), s.keepAlive());
        assertTrue(s.announce());
        assertFalse(s.toString().contains("s3cret"), "the password never reaches a log line");
    }

    @Test
    void anUnreadablePasswordFileIsOneClearError() {
        InputException e = assertThrows(InputException.class,
                () -> MqttLinkSettings.device(device(Optional.of(dir.resolve("missing"))), 0));
        assertTrue(e.getMessage().startsWith("broker.password_file: cannot read"), e.getMessage());
    }

    @Test
    void rejectsNamesThatWouldBreakTheTopicTree() {
        assertThrows(IllegalArgumentException.class, () -> MqttLinkSettings.of(URI.create("tcp://h:1"), "a/b", "exp"));
        assertThrows(IllegalArgumentException.class, () -> MqttLinkSettings.of(URI.create("tcp://h:1"), "a", "e+"));
    }
}
