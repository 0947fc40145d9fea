package org.malcomedge.agent.device;

import java.util.Optional;
import org.malcomedge.agent.link.SocketBytes;
import org.malcomedge.agent.transport.FrameFilter;
import org.malcomedge.agent.transport.MqttTransport;
import org.malcomedge.wire.RoundReport;

/**
 * What a device's round report counts beyond the node's own statistics, each since the previous
 * report: the bytes its MQTT sockets carried, the frames its filter dropped, and the bytes of its
 * metered network interface ({@code network.interface}), if any.
 */
final class RoundMeter {

    private final MqttTransport transport;
    private final FrameFilter filter;
    private final Optional<InterfaceCounter> radio;
    private SocketBytes socketBefore;
    private long filteredBefore;

    /** Starts counting now. */
    RoundMeter(MqttTransport transport, FrameFilter filter, Optional<InterfaceCounter> radio) {
        this.transport = transport;
        this.filter = filter;
        this.radio = radio;
        this.socketBefore = transport.socketBytes();
    }

    /** Sets socket_bytes and interface_bytes on {@code report}; returns the frames the filter dropped since the last call. */
    int meter(RoundReport.Builder report) {
        SocketBytes socket = transport.socketBytes();
        report.setSocketBytes(socket.minus(socketBefore).total());
        socketBefore = socket;
        radio.ifPresent(counter -> report.setInterfaceBytes(counter.nextRound().total()));
        long total = filter.dropped();
        int since = (int) Math.min(Integer.MAX_VALUE, total - filteredBefore);
        filteredBefore = total;
        return since;
    }
}
