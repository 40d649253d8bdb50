package mechos.perception.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS perception: pose fusion",
        description = "EKF fusing wheel odometry and IMU yaw rate into the pose of base_link in odom.")
public @interface PoseFusionConfig {
    @AttributeDefinition(min = "1", max = "64", name = "Odometry frame", description = "Parent frame of the fused pose.")
    String odom_frame() default "odom";

    @AttributeDefinition(min = "1", max = "64", name = "Base frame", description = "The robot's body frame.")
    String base_frame() default "base_link";

    @AttributeDefinition(min = "1", max = "60000", name = "Stale after (ms)",
            description = "An input not received for this long is stale and the pose's confidence drops.")
    double stale_ms() default 250.0;

    @AttributeDefinition(min = "0", max = "10000", name = "Max delay (ms)",
            description = "Samples up to this much older than the estimate are still used; older ones are rejected.")
    double max_delay_ms() default 50.0;

    @AttributeDefinition(min = "0.0001", max = "10", name = "Odometry linear noise (m/s)", description = "1-sigma noise of wheel linear velocity.")
    double odometry_linear_sigma() default 0.05;

    @AttributeDefinition(min = "0.0001", max = "10", name = "Odometry yaw-rate noise (rad/s)", description = "1-sigma noise of wheel yaw rate.")
    double odometry_angular_sigma() default 0.1;

    @AttributeDefinition(min = "0.0001", max = "10", name = "IMU yaw-rate noise (rad/s)", description = "1-sigma noise of the gyro yaw rate.")
    double imu_angular_sigma() default 0.02;

    @AttributeDefinition(min = "0.001", max = "100", name = "Linear acceleration noise (m/s²)", description = "Process noise driving velocity.")
    double linear_accel_sigma() default 1.0;

    @AttributeDefinition(min = "0.001", max = "100", name = "Angular acceleration noise (rad/s²)", description = "Process noise driving yaw rate.")
    double angular_accel_sigma() default 2.0;

    @AttributeDefinition(min = "0", max = "200", name = "Start pose",
            description = "Where the robot starts in the odometry frame, as 'x y theta' (m, m, rad), used whichever "
                    + "sensor arrives first. Empty: the first odometry sample's pose.")
    String start_pose() default "";
}
