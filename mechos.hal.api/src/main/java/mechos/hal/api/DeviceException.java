package mechos.hal.api;

/** A command a device could not carry out (offline, rejected by the hardware, out of its limits). */
public class DeviceException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
