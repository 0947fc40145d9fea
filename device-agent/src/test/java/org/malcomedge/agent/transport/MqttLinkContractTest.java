package org.malcomedge.agent.transport;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The fleet-link contract on the real link over a real Mosquitto. */
class MqttLinkContractTest extends FleetLinkContract {

    @RegisterExtension
    static MosquittoPerClass broker = new MosquittoPerClass();

    @Override
    FleetLink observer(String id, String experiment) throws MqttLinkException {
        return MqttLink.connect(MqttLinkSettings.of(broker.uri(), id, experiment).silent());
    }

    @Override
    FleetLink nodeBeforeBirth(String id, String experiment, int epoch) throws MqttLinkException {
        return MqttLink.connectBeforeBirth(MqttLinkSettings.of(broker.uri(), id, experiment).withEpoch(epoch));
    }

    @Override
    void crash(FleetLink link) {
        ((MqttLink) link).crash();
    }
}
