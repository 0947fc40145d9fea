package org.malcomedge.agent.device;

import java.net.URI;
import java.util.function.Supplier;
import org.malcomedge.agent.link.FleetLink;
import org.malcomedge.agent.link.mqtt.LinkCrash;
import org.malcomedge.agent.link.MemoryBroker;
import org.malcomedge.agent.link.MemoryLink;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.LinkException;
import org.malcomedge.agent.link.MqttLinkSettings;

/**
 * Test support: the broker a {@link TestFleet}'s agents and observers connect to, a real Mosquitto
 * or the in-memory twin. The fleet logic runs on the twin; what only a real broker shows (outages,
 * reconnects, the leave/will race, real sockets) runs on Mosquitto.
 */
interface FleetBroker {

    /** What a device.yaml names as its broker. */
    URI uri();

    /** A client that is no node: the coordinator's side, a forger. */
    FleetLink observer(String id, String experiment) throws LinkException;

    /** How the agents connect: their BIRTH held until they announce. */
    FleetAgent.Connector agents();

    /** Kills {@code link} the way a killed process dies: the broker sends its will. */
    void crash(FleetLink link);

    static FleetBroker mosquitto(Supplier<URI> uri) {
        return new FleetBroker() {
            @Override
            public URI uri() {
                return uri.get();
            }

            @Override
            public FleetLink observer(String id, String experiment) throws LinkException {
                return MqttLink.connect(MqttLinkSettings.of(uri(), id, experiment).silent());
            }

            @Override
            public FleetAgent.Connector agents() {
                return MqttLink::connectBeforeBirth;
            }

            @Override
            public void crash(FleetLink link) {
                LinkCrash.crash((MqttLink) link);
            }
        };
    }

    static FleetBroker memory() {
        MemoryBroker broker = new MemoryBroker();
        return new FleetBroker() {
            @Override
            public URI uri() {
                return URI.create("tcp://memory.invalid:1883"); // never dialled: the twin is in this JVM
            }

            @Override
            public FleetLink observer(String id, String experiment) {
                return broker.connectSilent(id, experiment);
            }

            @Override
            public FleetAgent.Connector agents() {
                return broker::connectBeforeBirth;
            }

            @Override
            public void crash(FleetLink link) {
                ((MemoryLink) link).crash();
            }
        };
    }
}
