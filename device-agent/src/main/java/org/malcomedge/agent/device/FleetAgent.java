package org.malcomedge.agent.device;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.malcomedge.agent.checkpoint.Checkpoint;
import org.malcomedge.agent.checkpoint.CheckpointStore;
import org.malcomedge.agent.checkpoint.FileCheckpointStore;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.transport.FrameDrop;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.transport.FrameFilter;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;
import org.malcomedge.agent.transport.MqttTransport;
import org.malcomedge.agent.link.mqtt.Backoff;
import org.malcomedge.agent.systemd.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.malcomedge.firmware.config.DeviceConfig;
import org.malcomedge.wire.RoundReport;

/**
 * One device's part in a real fleet (the fleet contract; DESIGN.md sections 4, 5 and 7):
 * connect with a DEATH will, read the plan, listen to the neighbours, announce BIRTH, wait for
 * START, run the rounds, LEAVE. Resumes from its checkpoint after a restart.
 */
public final class FleetAgent {

    private static final Logger log = LoggerFactory.getLogger(FleetAgent.class);

    /** Opens the device's link to the broker, holding the BIRTH back: MQTT, or in tests the memory twin. */
    @FunctionalInterface
    interface Connector {
        FleetLink connect(MqttLinkSettings settings) throws LinkException;
    }

    private final DeviceConfig config;
    private final Clock clock;
    private final CheckpointStore checkpoints;
    private final Connector connector;
    private final Consumer<RoundReport> afterRound;
    private final HealthProbe health = HealthProbe.ofSystem();
    private final Notifier notifier;
    private final FleetView view;
    private final BrokerWait brokerWait;
    private final AtomicReference<FrameFilter> filters = new AtomicReference<>();

    /** The agent of a device: system clock, checkpoints in {@code checkpoint.dir}, systemd told of its states. */
    public FleetAgent(DeviceConfig config, Notifier notifier) {
        this(config, Clock.systemUTC(), FileCheckpointStore.in(config.checkpoint().dir(), config.experiment(),
                config.id()), MqttLink::connectBeforeBirth, report -> { }, notifier, BrokerWait.defaultBackoff());
    }

    /** As a device runs it, with nobody to notify. */
    FleetAgent(DeviceConfig config, Clock clock, CheckpointStore checkpoints, Connector connector,
               Consumer<RoundReport> afterRound) {
        this(config, clock, checkpoints, connector, afterRound, Notifier.NONE, BrokerWait.defaultBackoff());
    }

    /**
     * @param afterRound sees every round's report after it is published (tests pace or stop agents here)
     * @param notifier   told READY, each state change, and pinged from every wait and round (the watchdog)
     * @param backoff    the waits between attempts to reach the broker, on {@code clock}
     */
    FleetAgent(DeviceConfig config, Clock clock, CheckpointStore checkpoints, Connector connector,
               Consumer<RoundReport> afterRound, Notifier notifier, Backoff backoff) {
        this.config = config;
        this.clock = clock;
        this.checkpoints = checkpoints;
        this.connector = connector;
        this.afterRound = afterRound;
        this.notifier = notifier;
        this.view = new FleetView(config.id(), config.experiment(), clock, notifier::watchdog);
        this.brokerWait = new BrokerWait(config.id(), backoff, clock, notifier);
    }

    /**
     * Asks the agent to leave gracefully, from any thread (a shutdown hook, the leave button): it
     * stops waiting for the broker or its neighbours, finishes the current round and publishes LEAVE.
     */
    public void leave() {
        notifier.stopping("leaving");
        brokerWait.leave();
        view.askToLeave();
    }

    /** Received frames the agent dropped, by reason, since it joined (none before). */
    Map<FrameDrop, Long> frameDrops() {
        FrameFilter filter = filters.get();
        return filter == null ? Map.of() : filter.drops();
    }

    /**
     * Takes part until the plan's last round, a STOP or ABORT, or the leave button, then leaves.
     *
     * @throws InputException for a plan this device cannot run, or a checkpoint it cannot resume
     */
    public void run() throws InterruptedException {
        Optional<Checkpoint> saved = checkpoints.load();
        int epoch = saved.map(c -> c.epoch() + 1).orElse(0);
        try (StatusIndicator indicator = asInputError(() -> StatusIndicator.open(config.gpio(), this::leave))) {
            notifier.ready("connecting to " + config.broker().uri());
            FleetLink link = brokerWait.connect(connector, MqttLinkSettings.device(config, epoch));
            if (link == null) {
                log.info("{}: left before reaching the broker", config.id());
                return;
            }
            try (MqttTransport transport = new MqttTransport(link)) {
                try {
                    new FleetSession(new FleetSession.Parts(config, clock, checkpoints, afterRound, health, view,
                            filters::set, notifier),
                            link, transport, indicator, saved, epoch).run();
                } catch (RuntimeException | InterruptedException e) {
                    indicator.error(true);
                    link.leave("failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                    throw e;
                }
            }
        }
    }

    /** A device part the config asks for and the board cannot give is the config's mistake. */
    static <T> T asInputError(Supplier<T> open) {
        try {
            return open.get();
        } catch (DeviceException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /** A call on the MQTT link (also {@link StarWorkerAgent}'s). */
    interface LinkCall {
        void run() throws LinkException;
    }

    /** Runs {@code call}; a link failure fails the agent. */
    static void call(LinkCall call) {
        try {
            call.run();
        } catch (LinkException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
