package mechos.hal.sim.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import mechos.hal.api.Box3;
import mechos.hal.sim.internal.sensor.BatteryModel;
import mechos.hal.sim.internal.sensor.EffectorModel;
import mechos.hal.sim.internal.sensor.LidarModel;
import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationChecks;
import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;

/**
 * Checks this bundle's configurations before its components see them, with the components' own checks (the static
 * functions their constructors call): what a metatype cannot express, such as {@code rangeMin < rangeMax}, a home
 * inside the workspace, shape strings. A refused value then never makes a device's activation throw; the platform
 * keeps the values in force and reports the refusal. Pure and stateless.
 */
@Component(service = ConfigurationValidator.class, property = {
        ConfigurationValidator.PIDS + "=" + SimLidar.PID, ConfigurationValidator.PIDS + "=" + SimBattery.PID,
        ConfigurationValidator.PIDS + "=" + SimCamera.PID, ConfigurationValidator.PIDS + "=" + SimImu.PID,
        ConfigurationValidator.PIDS + "=" + SimOdometry.PID, ConfigurationValidator.PIDS + "=" + SimBumper.PID,
        ConfigurationValidator.PIDS + "=" + SimRelay.PID, ConfigurationValidator.PIDS + "=" + SimDriveBase.PID,
        ConfigurationValidator.PIDS + "=" + SimEndEffector.PID, ConfigurationValidator.PIDS + "=" + SimWorld.PID,
        ConfigurationValidator.PIDS + "=" + SimRobot.PID })
public final class SimConfigurationValidator implements ConfigurationValidator {
    private static final String ID = "mechos.device.id";

    @Override
    public List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values) {
        ConfigurationChecks checks = new ConfigurationChecks();
        switch (factoryPid != null ? factoryPid : pid) {
            case SimLidar.PID -> {
                SimLidarConfig c = ComponentProperties.as(SimLidarConfig.class, values);
                checks.check(() -> DeviceHandle.checkId(SimLidar.PID, c.mechos_device_id()), ID);
                checks.check(() -> LidarModel.Params.checkRange(c.rangeMin(), c.rangeMax()), "rangeMin", "rangeMax");
                checks.whole(() -> SimLidar.params(c), "beams", "fovDegrees", "rangeMin", "rangeMax", "rateHz",
                        "noiseStdDev", "mountX", "mountY", "mountYawDegrees", "frameId");
            }
            case SimBattery.PID -> {
                SimBatteryConfig c = ComponentProperties.as(SimBatteryConfig.class, values);
                checks.check(() -> DeviceHandle.checkId(SimBattery.PID, c.mechos_device_id()), ID);
                checks.check(() -> BatteryModel.Params.checkVoltages(c.fullVoltage(), c.emptyVoltage()),
                        "fullVoltage", "emptyVoltage");
                checks.whole(() -> SimBattery.params(c), "lowThreshold", "rateHz", "capacityAh", "fullVoltage",
                        "emptyVoltage", "idleCurrent", "currentPerSpeed", "internalResistance", "initialCharge");
            }
            case SimCamera.PID -> {
                SimCameraConfig c = ComponentProperties.as(SimCameraConfig.class, values);
                checks.check(() -> DeviceHandle.checkId(SimCamera.PID, c.mechos_device_id()), ID);
                checks.whole(() -> SimCamera.params(c), "frameId", "width", "height", "metresPerPixel", "rateHz",
                        "format");
            }
            case SimImu.PID -> {
                SimImuConfig c = ComponentProperties.as(SimImuConfig.class, values);
                checks.check(() -> DeviceHandle.checkId(SimImu.PID, c.mechos_device_id()), ID);
                checks.whole(() -> SimImu.params(c), "frameId", "rateHz", "gyroBias", "gyroNoise", "accelNoise");
            }
            case SimOdometry.PID -> {
                SimOdometryConfig c = ComponentProperties.as(SimOdometryConfig.class, values);
                checks.check(() -> DeviceHandle.checkId(SimOdometry.PID, c.mechos_device_id()), ID);
                checks.whole(() -> SimOdometry.params(c), "rateHz", "leftScaleError", "rightScaleError",
                        "noiseStdDev");
            }
            case SimBumper.PID -> checks.check(() -> DeviceHandle.checkId(SimBumper.PID,
                    ComponentProperties.as(SimBumperConfig.class, values).mechos_device_id()), ID);
            case SimRelay.PID -> checks.check(() -> DeviceHandle.checkId(SimRelay.PID,
                    ComponentProperties.as(SimRelayConfig.class, values).mechos_device_id()), ID);
            case SimDriveBase.PID -> checks.check(() -> DeviceHandle.checkId(SimDriveBase.PID,
                    ComponentProperties.as(SimDriveBaseConfig.class, values).mechos_device_id()), ID);
            case SimEndEffector.PID -> endEffector(checks, ComponentProperties.as(SimEndEffectorConfig.class, values));
            case SimWorld.PID -> {
                SimWorldConfig c = ComponentProperties.as(SimWorldConfig.class, values);
                checks.check(() -> SimWorld.requireName(c), SimWorld.NAME_PROPERTY);
                checks.check(() -> SimWorld.rectangles(c), "rectangles");
                checks.check(() -> SimWorld.circles(c), "circles");
            }
            case SimRobot.PID -> {
                SimRobotConfig c = ComponentProperties.as(SimRobotConfig.class, values);
                checks.check(() -> SimRobot.checkName(c), SimRobot.NAME_PROPERTY);
                checks.check(() -> SimRobot.checkRealTimeFactor(c), "realTimeFactor");
                checks.check(() -> SimRobot.gains(c), "pid.kp", "pid.ki", "pid.kd");
                checks.whole(() -> SimRobot.params(c), "wheelSeparation", "wheelRadius", "maxLinear", "maxAngular",
                        "footprintRadius", "maxWheelAccel", "wheelFriction", "physicsRate", "startX", "startY",
                        "startTheta", "seed");
            }
            default -> {
                // not one of this bundle's PIDs: nothing to say
            }
        }
        return checks.problems();
    }

    private static void endEffector(ConfigurationChecks checks, SimEndEffectorConfig c) {
        String prefix = SimEndEffector.PID + " '" + c.mechos_device_id() + "': ";
        checks.check(() -> DeviceHandle.checkId(SimEndEffector.PID, c.mechos_device_id()), ID);
        checks.check(() -> SimEndEffector.point(prefix + "property home", c.home()), "home");
        checks.check(() -> SimEndEffector.workspace(prefix, c), "workspaceMin", "workspaceMax");
        checks.check(() -> EffectorModel.checkMaxSpeed(c.maxSpeed()), "maxSpeed");
        checks.whole(() -> {
            Box3 workspace = SimEndEffector.workspace(prefix, c);
            EffectorModel.checkHome(workspace, SimEndEffector.point(prefix + "property home", c.home()));
        }, "home", "workspaceMin", "workspaceMax");
    }
}
