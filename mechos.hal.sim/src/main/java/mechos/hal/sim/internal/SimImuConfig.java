package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated IMU", description = "Yaw rate and acceleration of a simulated robot.")
@interface SimImuConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'imu'.")
    String mechos_device_id() default "imu";

    @AttributeDefinition(name = "Robot", description = "LDAP filter selecting the simulated robot by name.")
    String robot_target() default "(mechos.sim.robot=robot)";

    @AttributeDefinition(name = "Frame id", description = "Frame of the readings.")
    String frameId() default "imu_link";

    @AttributeDefinition(name = "Rate", description = "Readings per second, Hz.", min = "0.01", max = "1000")
    double rateHz() default 100.0;

    @AttributeDefinition(name = "Gyro bias", description = "Constant yaw-rate bias, rad/s.")
    double gyroBias() default 0.001;

    @AttributeDefinition(name = "Gyro noise", description = "Standard deviation of the yaw rate, rad/s.", min = "0", max = "1000")
    double gyroNoise() default 0.005;

    @AttributeDefinition(name = "Accel noise", description = "Standard deviation of each acceleration, m/s².", min = "0", max = "1000")
    double accelNoise() default 0.02;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated IMU {mechos.device.id}";
}
