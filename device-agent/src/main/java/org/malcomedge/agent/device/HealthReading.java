package org.malcomedge.agent.device;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.malcomedge.wire.DeviceHealth;

/**
 * One reading of the device's health. A value the board does not offer (no thermal zone, no
 * throttling report, no /proc) is empty and left unset on the wire.
 *
 * @param cpuTemperatureC degrees Celsius of the CPU's thermal zone
 * @param throttled       whether the firmware throttles or caps the CPU right now (under-voltage,
 *                        frequency cap, thermal throttling or soft temperature limit)
 * @param heapUsedBytes   Java heap in use
 * @param rssBytes        resident set size of the whole process (heap, natives, ONNX Runtime)
 */
public record HealthReading(OptionalDouble cpuTemperatureC, Optional<Boolean> throttled, long heapUsedBytes,
                            OptionalLong rssBytes) {

    /** The reading as the {@code health} field of a {@code RoundReport}. */
    public DeviceHealth toWire() {
        DeviceHealth.Builder wire = DeviceHealth.newBuilder().setHeapUsedBytes(heapUsedBytes);
        cpuTemperatureC.ifPresent(wire::setCpuTemperatureC);
        throttled.ifPresent(wire::setThrottled);
        rssBytes.ifPresent(wire::setRssBytes);
        return wire.build();
    }
}
