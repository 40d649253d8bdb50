package mechos.perception.api;

/** How well the fused pose is supported by fresh input. */
public enum PoseConfidence {
    /** Wheel odometry and IMU are both fresh. */
    FULL,
    /** Odometry is fresh, the IMU is stale or absent: heading relies on the wheels alone. */
    ODOMETRY_ONLY,
    /** The IMU is fresh, odometry is stale or absent: translation is extrapolated from the last velocity. */
    IMU_ONLY,
    /** No fresh input: the pose is the last estimate and its covariance is growing. */
    STALE
}
