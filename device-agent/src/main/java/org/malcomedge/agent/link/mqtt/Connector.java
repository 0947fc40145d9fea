package org.malcomedge.agent.link.mqtt;

/**
 * Makes one fresh client per connect attempt: the narrow seam between {@link LinkSupervisor}'s
 * timing and the MQTT library ({@link PahoConnector}), so the supervisor is tested with a fake.
 *
 * @param <C> the client type
 */
interface Connector<C> {

    /** A new, unconnected client; no I/O yet. */
    Attempt<C> fresh();

    /** One client and its one connect attempt. */
    interface Attempt<C> {
        C client();

        /** Begins connecting; the outcome, and later the loss, go to {@code events}, possibly on another thread. */
        void start(Events events);

        /** Force-closes the client whatever it is doing (a hung connect included); never blocks for long. */
        void abandon();
    }

    /** What an attempt reports: {@code connected} or {@code failed} once, then at most one {@code lost}. */
    interface Events {
        void connected();

        void failed(Throwable cause);

        void lost(Throwable cause);
    }
}
