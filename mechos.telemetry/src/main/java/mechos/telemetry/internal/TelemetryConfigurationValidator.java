package mechos.telemetry.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;

/**
 * Checks the OTLP exporter's configuration before the component sees it, with the checks its constructor runs
 * (endpoint, headers, timeouts, queue size). A refused value then never makes the activation throw; the platform
 * keeps the values in force and reports the refusal. Pure and stateless.
 */
@Component(service = ConfigurationValidator.class, property = ConfigurationValidator.PIDS + "=" + OtlpTelemetry.PID)
public final class TelemetryConfigurationValidator implements ConfigurationValidator {
    @Override
    public List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values) {
        return OtlpTelemetry.PID.equals(factoryPid != null ? factoryPid : pid) ? OtlpTelemetry.problems(values)
                : List.of();
    }
}
