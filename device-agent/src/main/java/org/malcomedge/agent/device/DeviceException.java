package org.malcomedge.agent.device;

/**
 * The device cannot do what its config asks (a GPIO pin that will not open, a network interface
 * that does not exist): one line naming the config field and the cause.
 */
public class DeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
