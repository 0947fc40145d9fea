package org.malcomedge.agent.device;

/** The indicator of a board without LEDs: does nothing, and touches no Pi4J class. */
enum NoStatusIndicator implements StatusIndicator {
    INSTANCE;

    @Override
    public void joined(boolean on) {
    }

    @Override
    public void frame() {
    }

    @Override
    public void error(boolean on) {
    }

    @Override
    public void close() {
    }
}
