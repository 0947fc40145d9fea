package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.malcomedge.firmware.config.DeviceConfig;

class StatusIndicatorTest {

    /**
     * Loads the device package and the config classes without Pi4J on the class path, so any
     * attempt to load a Pi4J class fails with NoClassDefFoundError.
     */
    private static URLClassLoader withoutPi4j() {
        URL[] urls = {
            StatusIndicator.class.getProtectionDomain().getCodeSource().getLocation(),
            DeviceConfig.class.getProtectionDomain().getCodeSource().getLocation(),
        };
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void withoutAGpioSectionTheIndicatorWorksWithNoPi4jClassAvailable() throws Exception {
        try (URLClassLoader loader = withoutPi4j()) {
            Class<?> type = loader.loadClass(StatusIndicator.class.getName());
            Object indicator = type.getMethod("open", Optional.class, Runnable.class)
                    .invoke(null, Optional.empty(), (Runnable) () -> { });
            type.getMethod("joined", boolean.class).invoke(indicator, true);
            type.getMethod("frame").invoke(indicator);
            type.getMethod("error", boolean.class).invoke(indicator, true);
            type.getMethod("close").invoke(indicator);
        }
    }

    @Test
    void theIsolatedLoaderReallyHasNoPi4jSoTheTestAboveMeansSomething() throws Exception {
        try (URLClassLoader loader = withoutPi4j()) {
            Class<?> type = loader.loadClass(StatusIndicator.class.getName());
            Object pins = loader.loadClass(DeviceConfig.Gpio.class.getName())
                    .getConstructor(int.class, int.class, int.class, int.class).newInstance(17, 27, 22, 23);
            Method open = type.getMethod("open", Optional.class, Runnable.class);
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> open.invoke(null, Optional.of(pins), (Runnable) () -> { }));
            Throwable missing = e.getCause().getCause();
            assertTrue(missing instanceof NoClassDefFoundError, e.getCause().toString());
            assertTrue(missing.getMessage().startsWith("com/pi4j/"), missing.getMessage());
        }
    }

    @Test
    void withoutAGpioSectionItIsTheNoOpIndicator() {
        assertSame(NoStatusIndicator.INSTANCE, StatusIndicator.open(Optional.empty(), () -> { }));
    }
}
