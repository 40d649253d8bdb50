package mechos.hal.serial.internal.rplidar;

/** The GET_HEALTH response: status 0 good, 1 warning, 2 error, and a device error code. */
public record RplidarHealth(int status, int errorCode) {
    public static final int GOOD = 0;
    public static final int WARNING = 1;
    public static final int ERROR = 2;

    /** @param b exactly {@link RplidarProtocol#HEALTH_LENGTH} bytes of response data */
    public static RplidarHealth parse(byte[] b) {
        if (b.length != RplidarProtocol.HEALTH_LENGTH) {
            throw new IllegalArgumentException("GET_HEALTH data is 3 bytes, got " + b.length);
        }
        return new RplidarHealth(b[0] & 0xFF, (b[1] & 0xFF) | (b[2] & 0xFF) << 8);
    }
}
