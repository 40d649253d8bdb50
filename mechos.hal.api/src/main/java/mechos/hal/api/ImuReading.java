package mechos.hal.api;

/**
 * One IMU sample in the IMU's frame.
 *
 * @param timestampNanos monotonic time of the sample
 * @param frameId        frame of the measurements (e.g. {@code imu_link})
 * @param angularVelocityX rad/s
 * @param angularVelocityY rad/s
 * @param angularVelocityZ rad/s (yaw rate for a level-mounted IMU)
 * @param linearAccelerationX m/s²
 * @param linearAccelerationY m/s²
 * @param linearAccelerationZ m/s² (gravity included)
 */
public record ImuReading(long timestampNanos, String frameId, double angularVelocityX, double angularVelocityY,
        double angularVelocityZ, double linearAccelerationX, double linearAccelerationY,
        double linearAccelerationZ) {
}
