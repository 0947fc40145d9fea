package org.malcomedge.agent.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.malcomedge.wire.DeviceHealth;

class HealthProbeTest {

    @TempDir
    Path root;

    private void write(String absolute, String text) throws IOException {
        Path file = new SystemFiles(root).resolve(absolute);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void zone(int number, String type, String milliCelsius) throws IOException {
        write(HealthProbe.THERMAL + "/thermal_zone" + number + "/type", type + "\n");
        write(HealthProbe.THERMAL + "/thermal_zone" + number + "/temp", milliCelsius + "\n");
    }

    private HealthProbe probe() {
        return new HealthProbe(root, Optional::empty);
    }

    @Test
    void aRaspberryPiTreeGivesEveryReading() throws IOException {
        zone(0, "cpu-thermal", "48312");
        write(HealthProbe.THROTTLED, "50005\n");
        write(HealthProbe.STATUS, "Name:\tjava\nVmPeak:\t  900000 kB\nVmRSS:\t  123456 kB\nThreads:\t20\n");

        HealthReading reading = probe().read();

        assertEquals(OptionalDouble.of(48.312), reading.cpuTemperatureC());
        assertEquals(Optional.of(true), reading.throttled());
        assertEquals(OptionalLong.of(123456L * 1024), reading.rssBytes());
        assertTrue(reading.heapUsedBytes() > 0);
        DeviceHealth wire = reading.toWire();
        assertEquals(48.312, wire.getCpuTemperatureC(), 1e-9);
        assertTrue(wire.getThrottled());
        assertEquals(123456L * 1024, wire.getRssBytes());
    }

    @Test
    void theCpuZoneWinsOverOtherZonesAndNumbersSortNumerically() throws IOException {
        zone(10, "cpu-thermal", "61000");
        zone(2, "acpitz", "30000");
        zone(9, "iwlwifi_1", "41000");
        assertEquals(OptionalDouble.of(61.0), probe().cpuTemperature());
    }

    @Test
    void withoutACpuZoneTheLowestNumberedReadableZoneIsUsed() throws IOException {
        zone(11, "acpitz", "35000");
        zone(3, "acpitz", "not a number");
        zone(7, "acpitz", "33000");
        assertEquals(OptionalDouble.of(33.0), probe().cpuTemperature());
    }

    @Test
    void aBoardWithoutThermalZoneOrThrottlingReportsNeitherAndDoesNotFail() throws IOException {
        write(HealthProbe.STATUS, "VmRSS:\t  2048 kB\n");

        HealthReading reading = probe().read();

        assertEquals(OptionalDouble.empty(), reading.cpuTemperatureC());
        assertEquals(Optional.empty(), reading.throttled());
        assertEquals(OptionalLong.of(2048L * 1024), reading.rssBytes());
        DeviceHealth wire = reading.toWire();
        assertEquals(0.0, wire.getCpuTemperatureC());
        assertFalse(wire.getThrottled());
    }

    @Test
    void anEmptyRootReportsOnlyTheHeap() {
        HealthReading reading = probe().read();
        assertEquals(OptionalLong.empty(), reading.rssBytes());
        assertTrue(reading.heapUsedBytes() > 0);
    }

    @Test
    void vcgencmdIsTheFallbackWhenTheFirmwareFileIsAbsent() {
        HealthProbe probe = new HealthProbe(root, () -> Optional.of("throttled=0x0\n"));
        assertEquals(Optional.of(false), probe.throttled());
    }

    @Test
    void onlyTheCurrentThrottlingBitsCountNotThePastOnes() {
        assertEquals(Optional.of(0x50000L), HealthProbe.throttledFlags("throttled=0x50000"));
        HealthProbe pastOnly = new HealthProbe(root, () -> Optional.of("throttled=0x50000"));
        assertEquals(Optional.of(false), pastOnly.throttled());
        assertEquals(Optional.empty(), HealthProbe.throttledFlags("error=1 error_msg=\"Command not registered\""));
    }
}
