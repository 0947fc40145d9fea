package org.malcomedge.agent.device;

import java.time.Clock;
import java.util.Optional;
import org.malcomedge.firmware.config.DeviceConfig;

/**
 * What a person standing next to the device sees (DESIGN.md section 7): a "joined" LED, an LED
 * that blinks per frame sent or received, and an error LED. Methods are cheap and thread-safe, so
 * the transport may call {@link #frame()} from its callback threads.
 */
public interface StatusIndicator extends AutoCloseable {

    /** On while the device takes part in an experiment. */
    void joined(boolean on);

    /** One short blink for a frame sent or received; frames close together keep the LED lit. */
    void frame();

    /** On after an error the device could not recover from by itself; off once it has. */
    void error(boolean on);

    /** Turns the LEDs off and releases the pins. */
    @Override
    void close();

    /**
     * The indicator and leave button the config asks for. Without a gpio section this returns a
     * no-op indicator and loads no Pi4J class at all (boards without LEDs need no native GPIO
     * library). With one, it opens the pins through Pi4J's libgpiod provider.
     *
     * @param onLeave called once per (debounced) press of the leave button, on the GPIO event
     *                thread: hand the graceful leave to another thread if it blocks
     * @throws DeviceException if a pin cannot be opened
     */
    static StatusIndicator open(Optional<DeviceConfig.Gpio> gpio, Runnable onLeave) {
        if (gpio.isEmpty()) {
            return NoStatusIndicator.INSTANCE;
        }
        return Pi4jStatusIndicator.openOnBoard(gpio.get(), Clock.systemUTC(), onLeave);
    }
}
