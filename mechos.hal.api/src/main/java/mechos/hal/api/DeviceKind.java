package mechos.hal.api;

/** The kinds of device MechOS knows. The lower-case {@link #prefix()} names the kind in capabilities ({@code relay:*}). */
public enum DeviceKind {
    DRIVE_BASE("drive"),
    JOINT("joint"),
    END_EFFECTOR("effector"),
    RELAY("relay"),
    LIDAR("lidar"),
    ODOMETRY("odometry"),
    IMU("imu"),
    BUMPER("bumper"),
    BATTERY("battery"),
    CAMERA("camera"),
    ESTOP("estop");

    private final String prefix;

    DeviceKind(String prefix) {
        this.prefix = prefix;
    }

    /** @return the capability prefix of this kind, e.g. {@code "relay"} */
    public String prefix() {
        return prefix;
    }
}
