package mechos.hal.serial.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import mechos.hal.serial.internal.port.SerialShutdown;
import mechos.hal.serial.internal.roboclaw.RoboClawDriveBase;
import mechos.hal.serial.internal.rplidar.RplidarLidar;
import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;

/**
 * Checks this bundle's configurations before its components see them, with each component's own checks (static
 * functions its constructor and option records run too): the RoboClaw's ids, port, options and stop
 * acknowledgement timeout, the RPLIDAR's id, port and options (with the scan assembler's beam and range checks),
 * the JVM-exit stop wait. A refused value then never makes a device's activation throw or come up FAULT
 * "configuration rejected"; the platform keeps the values in force and reports the refusal. Pure and stateless.
 */
@Component(service = ConfigurationValidator.class, property = {
        ConfigurationValidator.PIDS + "=" + RoboClawDriveBase.PID, ConfigurationValidator.PIDS + "=" + RplidarLidar.PID,
        ConfigurationValidator.PIDS + "=" + SerialShutdown.PID })
public final class SerialConfigurationValidator implements ConfigurationValidator {
    @Override
    public List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values) {
        return switch (factoryPid != null ? factoryPid : pid) {
            case RoboClawDriveBase.PID -> RoboClawDriveBase.problems(values);
            case RplidarLidar.PID -> RplidarLidar.problems(values);
            case SerialShutdown.PID -> SerialShutdown.problems(values);
            default -> List.of();
        };
    }
}
