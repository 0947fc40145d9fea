package org.malcomedge.agent.link;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.malcomedge.agent.InputException;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.firmware.topics.Topics;

/**
 * How an {@code mqtt.MqttLink} connects. Devices start from {@link #device}; simulations and tests from
 * {@link #of}; the coordinator adds {@link #silent()} because it has no node state to announce.
 *
 * @param clientId       MQTT client id; for a node also its id in the topic tree
 * @param announce       publish the retained birth on the node's state topic and leave the will (death)
 * @param epoch          the node's restart counter, carried in its state messages
 * @param sessionExpiry  how long the broker keeps the session (subscriptions, queued QoS 1) while away;
 *                       a node's {@code mqtt.MqttLink} starts clean, so a reconnect does not resume it
 * @param maxFrameBytes  largest message published, and (as MQTT 5 Maximum Packet Size plus headers)
 *                       the largest the broker may send us
 * @param reconnectDelay upper bound of the reconnect wait, which doubles from 250 ms with full jitter (the MQTT link's {@code LinkSupervisor})
 * @param timeout        how long connect, subscribe and an acknowledged publish may take
 */
public record MqttLinkSettings(
        URI broker,
        String clientId,
        String experiment,
        Optional<String> username,
        Optional<String> password,
        Optional<DeviceConfig.Tls> tls,
        boolean announce,
        int epoch,
        Duration keepAlive,
        Duration sessionExpiry,
        int maxFrameBytes,
        Duration reconnectDelay,
        Duration timeout) {

    /** 16 MiB: a dense keyframe of a few million float parameters. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

    public MqttLinkSettings {
        Objects.requireNonNull(broker, "broker");
        Topics.checkName("client id", clientId);
        Topics.checkName("experiment", experiment);
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, got " + maxFrameBytes);
        }
        if (password.isPresent() && username.isEmpty()) {
            throw new IllegalArgumentException("a password needs a username");
        }
    }

    /** An announcing node without credentials or TLS: the embedded broker, simulations, tests. */
    public static MqttLinkSettings of(URI broker, String nodeId, String experiment) {
        return new MqttLinkSettings(broker, nodeId, experiment, Optional.empty(), Optional.empty(), Optional.empty(),
                true, 0, Duration.ofSeconds(30), Duration.ofHours(1), DEFAULT_MAX_FRAME_BYTES,
                Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    /**
     * A device's link as its config describes it; the password file is read now.
     *
     * @throws InputException when the password file cannot be read
     */
    public static MqttLinkSettings device(DeviceConfig config, int epoch) {
        DeviceConfig.Broker b = config.broker();
        Optional<String> password = b.password().or(() -> b.passwordFile().map(file -> {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new InputException("broker.password_file: cannot read " + file + ": " + e.getMessage(), e);
            }
        }));
        return of(b.uri(), config.id(), config.experiment())
                .withCredentials(b.username(), password)
                .withTls(b.tls())
                .withKeepAlive(b.keepAlive())
                .withEpoch(epoch);
    }

    /** Whether the broker URI asks for TLS ({@code ssl://}, {@code wss://}). */
    public boolean secure() {
        String scheme = broker.getScheme();
        return "ssl".equals(scheme) || "wss".equals(scheme);
    }

    public MqttLinkSettings withCredentials(String user, String secret) {
        return withCredentials(Optional.of(user), Optional.of(secret));
    }

    public MqttLinkSettings withCredentials(Optional<String> user, Optional<String> secret) {
        return new MqttLinkSettings(broker, clientId, experiment, user, secret, tls, announce, epoch, keepAlive,
                sessionExpiry, maxFrameBytes, reconnectDelay, timeout);
    }

    public MqttLinkSettings withTls(Optional<DeviceConfig.Tls> files) {
        return new MqttLinkSettings(broker, clientId, experiment, username, password, files, announce, epoch, keepAlive,
                sessionExpiry, maxFrameBytes, reconnectDelay, timeout);
    }

    /** No birth, no will: a client that is not a node (the coordinator, a probe). */
    public MqttLinkSettings silent() {
        return new MqttLinkSettings(broker, clientId, experiment, username, password, tls, false, epoch, keepAlive,
                sessionExpiry, maxFrameBytes, reconnectDelay, timeout);
    }

    public MqttLinkSettings withEpoch(int restartCounter) {
        return new MqttLinkSettings(broker, clientId, experiment, username, password, tls, announce, restartCounter,
                keepAlive, sessionExpiry, maxFrameBytes, reconnectDelay, timeout);
    }

    public MqttLinkSettings withKeepAlive(Duration interval) {
        return new MqttLinkSettings(broker, clientId, experiment, username, password, tls, announce, epoch, interval,
                sessionExpiry, maxFrameBytes, reconnectDelay, timeout);
    }

    public MqttLinkSettings withMaxFrameBytes(int bytes) {
        return new MqttLinkSettings(broker, clientId, experiment, username, password, tls, announce, epoch, keepAlive,
                sessionExpiry, bytes, reconnectDelay, timeout);
    }

    public MqttLinkSettings withReconnectDelay(Duration maxDelay) {
        return new MqttLinkSettings(broker, clientId, experiment, username, password, tls, announce, epoch, keepAlive,
                sessionExpiry, maxFrameBytes, maxDelay, timeout);
    }

    @Override
    public String toString() {
        return "MqttLinkSettings[broker=" + broker + ", client=" + clientId + ", experiment=" + experiment
                + ", user=" + username.orElse("-") + ", password=" + (password.isPresent() ? "***" : "-")
                + ", tls=" + tls.isPresent() + ", announce=" + announce + ", epoch=" + epoch + "]";
    }
}
