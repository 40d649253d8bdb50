package mechos.hal.support;

/** Thrown by a {@link DeviceSession}: the device answered but reports itself broken (e.g. an RPLIDAR health status of "error"): health FAULT. */
public final class DeviceFaultException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeviceFaultException(String message) {
        super(message);
    }
}
