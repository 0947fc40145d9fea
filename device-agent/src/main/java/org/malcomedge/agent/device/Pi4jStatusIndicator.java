package org.malcomedge.agent.device;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.malcomedge.firmware.config.DeviceConfig;

/**
 * Status LEDs and the leave button on GPIO through Pi4J. The button is wired from its pin to
 * ground with the internal pull-up, so a press pulls the line low. Pin numbers are BCM numbers,
 * which are the line offsets of the header's gpiochip under libgpiod.
 */
final class Pi4jStatusIndicator implements StatusIndicator {

    /** Long enough to see, short enough that a burst of frames reads as a flicker. */
    static final Duration BLINK = Duration.ofMillis(60);

    /** Runs a task after a delay; a scheduler in production, nothing in tests (they call {@link #tick()}). */
    interface Later {
        void run(Duration delay, Runnable task);
    }

    static final String LED_JOINED = "led-joined";
    static final String LED_SENT = "led-sent";
    static final String LED_ERROR = "led-error";
    static final String BUTTON_LEAVE = "button-leave";

    private final Context pi4j;
    private final Clock clock;
    private final Later later;
    private final Runnable onClose;
    private final DigitalOutput joined;
    private final DigitalOutput sent;
    private final DigitalOutput error;
    private Instant blinkUntil = Instant.MIN;

    /** Opens the pins on the board through Pi4J's auto-detected providers (libgpiod on a Pi). */
    static Pi4jStatusIndicator openOnBoard(DeviceConfig.Gpio gpio, Clock clock, Runnable onLeave) {
        Context pi4j;
        try {
            pi4j = Pi4J.newAutoContext();
        } catch (RuntimeException | LinkageError e) {
            throw new DeviceException("gpio: cannot start Pi4J (" + e.getMessage() + ")", e);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "status-led");
            thread.setDaemon(true);
            return thread;
        });
        Later later = (delay, task) -> timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return open(pi4j, gpio, clock, later, onLeave, timer::shutdownNow);
    }

    /** Opens the pins in {@code pi4j}, which this indicator then owns and shuts down on close. */
    static Pi4jStatusIndicator open(Context pi4j, DeviceConfig.Gpio gpio, Clock clock, Later later,
                                    Runnable onLeave, Runnable onClose) {
        try {
            return new Pi4jStatusIndicator(pi4j, gpio, clock, later, onLeave, onClose);
        } catch (RuntimeException e) {
            shutdown(pi4j);
            onClose.run();
            throw new DeviceException("gpio: cannot open the pins " + gpio + " (" + e.getMessage() + ")", e);
        }
    }

    private Pi4jStatusIndicator(Context pi4j, DeviceConfig.Gpio gpio, Clock clock, Later later,
                                Runnable onLeave, Runnable onClose) {
        this.pi4j = pi4j;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.later = Objects.requireNonNull(later, "later");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        this.joined = led(LED_JOINED, gpio.ledJoined());
        this.sent = led(LED_SENT, gpio.ledSent());
        this.error = led(LED_ERROR, gpio.ledError());
        LeaveButton button = new LeaveButton(clock, onLeave);
        DigitalInput leave = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id(BUTTON_LEAVE).name("leave button").address(gpio.buttonLeave()).pull(PullResistance.PULL_UP));
        leave.addListener(event -> button.edge(event.state() == DigitalState.LOW));
    }

    private DigitalOutput led(String id, int bcm) {
        return pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id(id).name(id).address(bcm).initial(DigitalState.LOW).shutdown(DigitalState.LOW));
    }

    @Override
    public synchronized void joined(boolean on) {
        joined.state(DigitalState.getState(on));
    }

    @Override
    public void frame() {
        synchronized (this) {
            blinkUntil = clock.instant().plus(BLINK);
            sent.high();
        }
        later.run(BLINK, this::tick);
    }

    /** Ends the blink once {@link #BLINK} has passed since the last frame. */
    synchronized void tick() {
        if (!clock.instant().isBefore(blinkUntil)) {
            sent.low();
        }
    }

    @Override
    public synchronized void error(boolean on) {
        error.state(DigitalState.getState(on));
    }

    @Override
    public synchronized void close() {
        if (pi4j.isShutdown()) {
            return;
        }
        onClose.run();
        shutdown(pi4j);
    }

    private static void shutdown(Context pi4j) {
        // Each output's shutdown state (LOW) is applied by the context's shutdown.
        pi4j.shutdown();
    }
}
