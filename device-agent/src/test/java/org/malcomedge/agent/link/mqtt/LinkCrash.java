package org.malcomedge.agent.link.mqtt;

/** Test support for other packages: kills a link the way a killed process would (the broker sends its will). */
public final class LinkCrash {

    private LinkCrash() {
    }

    public static void crash(MqttLink link) {
        link.crash();
    }
}
