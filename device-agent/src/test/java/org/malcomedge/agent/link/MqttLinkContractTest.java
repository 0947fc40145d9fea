package org.malcomedge.agent.link;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.malcomedge.agent.link.mqtt.LinkCrash;
import org.malcomedge.agent.link.mqtt.MqttLink;
import org.malcomedge.agent.link.mqtt.MosquittoPerClass;

/** The fleet-link contract on the real link over a real Mosquitto. */
class MqttLinkContractTest extends FleetLinkContract {

    @RegisterExtension
    static MosquittoPerClass broker = new MosquittoPerClass();

    @Override
    FleetLink observer(String id, String experiment) throws LinkException {
        return MqttLink.connect(MqttLinkSettings.of(broker.uri(), id, experiment).silent());
    }

    @Override
    FleetLink nodeBeforeBirth(String id, String experiment, int epoch) throws LinkException {
        return MqttLink.connectBeforeBirth(MqttLinkSettings.of(broker.uri(), id, experiment).withEpoch(epoch));
    }

    @Override
    void crash(FleetLink link) {
        LinkCrash.crash((MqttLink) link);
    }
}
