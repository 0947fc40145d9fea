package org.malcomedge.firmware.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's validated configuration (DESIGN.md section 7). Built only by {@link DeviceConfigLoader},
 * so every instance has passed validation. The annotated example is
 * {@code firmware-config/examples/device.yaml}.
 *
 * @param id          node id, also the MQTT client id and the topic level
 * @param experiment  experiment whose plan the device waits for
 * @param gpio        empty when the device has no GPIO section: then no Pi4J is started at all
 * @param networkInterface interface whose bytes are metered from /proc/net/dev, if any
 */
public record DeviceConfig(
        String id,
        String experiment,
        Broker broker,
        Data data,
        Checkpoint checkpoint,
        Trainer trainer,
        Optional<Gpio> gpio,
        Optional<String> networkInterface) {

    public DeviceConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(gpio, "gpio");
        Objects.requireNonNull(networkInterface, "networkInterface");
    }

    /** Broker connection; the password is read from {@code passwordFile} at connect time, never logged. */
    public record Broker(URI uri, Optional<String> username, Optional<Path> passwordFile,
                         Optional<String> password, Duration keepAlive, Optional<Tls> tls) {
        public boolean secure() {
            return uri.getScheme().equals("ssl") || uri.getScheme().equals("wss");
        }

        @Override
        public String toString() {
            return "Broker[uri=" + uri + ", username=" + username.orElse("-")
                    + ", password=" + (password.isPresent() || passwordFile.isPresent() ? "***" : "-")
                    + ", keepAlive=" + keepAlive + ", tls=" + tls.isPresent() + "]";
        }
    }

    /** CA to trust, and optionally a client certificate with its key (both or neither). */
    public record Tls(Path ca, Optional<Path> cert, Optional<Path> key) {
    }

    /**
     * @param source digits, fashion-mnist, mnist or csv:PATH
     * @param label  label column (name or 0-based index), csv only
     * @param dir    where fetched datasets live
     */
    public record Data(String source, Optional<String> label, Optional<Path> dir) {
    }

    public record Checkpoint(Path dir, int everyRounds) {
    }

    public enum Backend { AUTO, ORT, JAVA }

    public record Trainer(Backend backend, int threads) {
    }

    /** BCM pin numbers of the status LEDs and the leave button. */
    public record Gpio(int ledJoined, int ledSent, int ledError, int buttonLeave) {
    }
}
