package mechos.webconsole.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;

/**
 * Checks the MechOS page's configuration ({@link ConsoleConfig}) before the page sees it, with the page's own checks
 * ({@code map_radius}, {@code max_cells}, {@code drive_linear}, {@code drive_angular}, {@code refresh_ms}): a refused
 * value then never makes the page's activation or modification throw (the page gone, SCR's stack trace); the
 * platform keeps the values in force and reports the refusal. The console guard ({@link GuardConfig}) and the scrape
 * endpoint ({@link ScrapeConfig}) refuse nothing in their activation (their bounds are the metatype's; a short scrape
 * password disables the endpoint with a WARN), so they are not checked here. Pure and stateless.
 */
@Component(service = ConfigurationValidator.class, property = ConfigurationValidator.PIDS + "=" + ConsoleConfig.PID)
public final class WebConsoleConfigurationValidator implements ConfigurationValidator {
    @Override
    public List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values) {
        return factoryPid == null && ConsoleConfig.PID.equals(pid) ? MechosPlugin.problems(values) : List.of();
    }
}
