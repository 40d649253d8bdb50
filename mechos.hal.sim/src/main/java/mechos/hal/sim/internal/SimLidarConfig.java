package mechos.hal.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "MechOS simulated LiDAR",
        description = "A planar LiDAR ray-cast against the simulated world, with Gaussian range noise.")
@interface SimLidarConfig {
    @AttributeDefinition(name = "Device id", description = "Unique device id, e.g. 'lidar'.")
    String mechos_device_id() default "lidar";

    @AttributeDefinition(name = "Robot", description = "LDAP filter selecting the simulated robot by name.")
    String robot_target() default "(mechos.sim.robot=robot)";

    @AttributeDefinition(name = "Frame id", description = "Frame of the scans.")
    String frameId() default "laser";

    @AttributeDefinition(name = "Beams", description = "Number of beams per scan.", min = "1", max = "100000")
    int beams() default 360;

    @AttributeDefinition(name = "Field of view", description = "Angular field of view, degrees (360 = full circle).", min = "0.001", max = "360")
    double fovDegrees() default 360.0;

    @AttributeDefinition(name = "Min range", description = "Closest valid return, m.", min = "0", max = "1000")
    double rangeMin() default 0.05;

    @AttributeDefinition(name = "Max range",
            description = "Farthest valid return, m; beyond it a beam reports +Infinity.", min = "0.001", max = "1000")
    double rangeMax() default 8.0;

    @AttributeDefinition(name = "Rate", description = "Scans per second, Hz.", min = "0.01", max = "1000")
    double rateHz() default 10.0;

    @AttributeDefinition(name = "Range noise", description = "Standard deviation of the range noise, m.", min = "0", max = "1000")
    double noiseStdDev() default 0.01;

    @AttributeDefinition(name = "Mount x", description = "Sensor position in base_link, m forward.")
    double mountX() default 0.0;

    @AttributeDefinition(name = "Mount y", description = "Sensor position in base_link, m left.")
    double mountY() default 0.0;

    @AttributeDefinition(name = "Mount yaw", description = "Sensor yaw in base_link, degrees.")
    double mountYawDegrees() default 0.0;

    @AttributeDefinition(name = "Console name", description = "How the Web Console names this configuration "
            + "({key} is replaced by that property's value). Not read by the component.")
    String webconsole_configurationFactory_nameHint() default "Simulated LiDAR {mechos.device.id}";
}
