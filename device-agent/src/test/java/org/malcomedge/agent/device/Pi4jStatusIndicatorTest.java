package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.testing.ManualClock;
import org.malcomedge.firmware.config.DeviceConfig;

class Pi4jStatusIndicatorTest {

    private static final DeviceConfig.Gpio PINS = new DeviceConfig.Gpio(17, 27, 22, 23);

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger leaves = new AtomicInteger();
    private final AtomicInteger scheduledTicks = new AtomicInteger();
    private final Context mock = Pi4J.newContextBuilder()
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
            .build();
    private final Pi4jStatusIndicator indicator = Pi4jStatusIndicator.open(mock, PINS, clock,
            (delay, task) -> scheduledTicks.incrementAndGet(), leaves::incrementAndGet, () -> { });

    @AfterEach
    void close() {
        indicator.close();
    }

    private boolean lit(String id) {
        return mock.io(id, DigitalOutput.class).state() == DigitalState.HIGH;
    }

    private void button(DigitalState state) {
        mock.io(Pi4jStatusIndicator.BUTTON_LEAVE, MockDigitalInput.class).mockState(state);
    }

    @Test
    void ledsAreOnTheConfiguredBcmPinsAndStartDark() {
        assertEquals(17, mock.io(Pi4jStatusIndicator.LED_JOINED, DigitalOutput.class).address());
        assertEquals(27, mock.io(Pi4jStatusIndicator.LED_SENT, DigitalOutput.class).address());
        assertEquals(22, mock.io(Pi4jStatusIndicator.LED_ERROR, DigitalOutput.class).address());
        assertEquals(23, mock.io(Pi4jStatusIndicator.BUTTON_LEAVE, MockDigitalInput.class).address());
        assertFalse(lit(Pi4jStatusIndicator.LED_JOINED));
        assertFalse(lit(Pi4jStatusIndicator.LED_SENT));
        assertFalse(lit(Pi4jStatusIndicator.LED_ERROR));
    }

    @Test
    void joinedAndErrorLedsFollowTheAgentsState() {
        indicator.joined(true);
        assertTrue(lit(Pi4jStatusIndicator.LED_JOINED));
        indicator.error(true);
        assertTrue(lit(Pi4jStatusIndicator.LED_ERROR));
        indicator.joined(false);
        indicator.error(false);
        assertFalse(lit(Pi4jStatusIndicator.LED_JOINED));
        assertFalse(lit(Pi4jStatusIndicator.LED_ERROR));
    }

    @Test
    void aFrameBlinksTheSentLedAndAFrameDuringTheBlinkExtendsIt() {
        indicator.frame();
        assertTrue(lit(Pi4jStatusIndicator.LED_SENT));
        assertEquals(1, scheduledTicks.get(), "the end of the blink is scheduled");

        clock.advance(Pi4jStatusIndicator.BLINK.dividedBy(2));
        indicator.frame();
        clock.advance(Pi4jStatusIndicator.BLINK.dividedBy(2));
        indicator.tick();
        assertTrue(lit(Pi4jStatusIndicator.LED_SENT), "the second frame keeps the LED lit");

        clock.advance(Pi4jStatusIndicator.BLINK.dividedBy(2));
        indicator.tick();
        assertFalse(lit(Pi4jStatusIndicator.LED_SENT));
    }

    @Test
    void aBouncingPressLeavesOnce() {
        button(DigitalState.HIGH); // idle: pulled up
        clock.advance(Duration.ofSeconds(1));
        for (int bounce = 0; bounce < 3; bounce++) {
            button(DigitalState.LOW);
            clock.advance(Duration.ofMillis(2));
            button(DigitalState.HIGH);
            clock.advance(Duration.ofMillis(2));
        }
        button(DigitalState.LOW);
        assertEquals(1, leaves.get());

        clock.advance(Duration.ofSeconds(1));
        button(DigitalState.HIGH);
        clock.advance(Duration.ofSeconds(1));
        button(DigitalState.LOW);
        assertEquals(2, leaves.get(), "a later, separate press counts again");
    }

    @Test
    void closeTurnsTheLedsOffAndShutsPi4jDown() {
        indicator.joined(true);
        indicator.close();
        assertTrue(mock.isShutdown());
        indicator.close();
    }

    @Test
    void aPinThatCannotBeOpenedIsOneLineNamingTheGpioSection() {
        Context other = Pi4J.newContextBuilder().add(MockDigitalOutputProvider.newInstance()).build();
        DeviceException e = assertThrows(DeviceException.class, () -> Pi4jStatusIndicator.open(other, PINS, clock,
                (delay, task) -> { }, () -> { }, () -> { }));
        assertTrue(e.getMessage().startsWith("gpio: cannot open the pins"), e.getMessage());
        assertTrue(other.isShutdown());
    }
}
