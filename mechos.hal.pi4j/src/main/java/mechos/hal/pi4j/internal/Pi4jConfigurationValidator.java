package mechos.hal.pi4j.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import mechos.hal.pi4j.internal.input.BumperSwitch;
import mechos.hal.pi4j.internal.input.EStopButton;
import mechos.hal.pi4j.internal.motor.PwmDriveBase;
import mechos.hal.pi4j.internal.platform.Pi4jPlatform;
import mechos.hal.pi4j.internal.relay.GpioRelay;
import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;

/**
 * Checks this bundle's configurations before its components see them, with each component's own checks (a static
 * function its activation runs too, or its constructor run unstarted, which claims no I/O): relay, drive options,
 * bumper and e-stop contacts, the platform's thread count. A refused value then never makes a device's activation
 * throw; the platform keeps the values in force and reports the refusal. Pure and stateless.
 */
@Component(service = ConfigurationValidator.class, property = {
        ConfigurationValidator.PIDS + "=" + GpioRelay.PID, ConfigurationValidator.PIDS + "=" + PwmDriveBase.PID,
        ConfigurationValidator.PIDS + "=" + BumperSwitch.PID, ConfigurationValidator.PIDS + "=" + EStopButton.PID,
        ConfigurationValidator.PIDS + "=" + Pi4jPlatform.PID })
public final class Pi4jConfigurationValidator implements ConfigurationValidator {
    @Override
    public List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values) {
        return switch (factoryPid != null ? factoryPid : pid) {
            case GpioRelay.PID -> GpioRelay.problems(values);
            case PwmDriveBase.PID -> PwmDriveBase.problems(values);
            case BumperSwitch.PID -> BumperSwitch.problems(values);
            case EStopButton.PID -> EStopButton.problems(values);
            case Pi4jPlatform.PID -> Pi4jPlatform.problems(values);
            default -> List.of();
        };
    }
}
