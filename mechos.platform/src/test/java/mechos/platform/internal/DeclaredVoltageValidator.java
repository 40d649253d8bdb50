package mechos.platform.internal;

import java.util.List;
import java.util.Map;

import mechos.platform.api.ConfigurationProblem;
import mechos.platform.api.ConfigurationValidator;

/** A validator as a bundle declares it in its manifest: public, no-argument constructor, silent on foreign PIDs. */
public final class DeclaredVoltageValidator implements ConfigurationValidator {
    @Override
    public List<ConfigurationProblem> problems(String pid, String factoryPid, Map<String, Object> values) {
        if (!"mechos.hal.sim.battery".equals(factoryPid)) {
            return List.of();
        }
        double full = Double.parseDouble(String.valueOf(values.getOrDefault("fullVoltage", "12.6")));
        double empty = Double.parseDouble(String.valueOf(values.getOrDefault("emptyVoltage", "10.5")));
        return full > empty ? List.of()
                : List.of(new ConfigurationProblem(List.of("fullVoltage", "emptyVoltage"),
                        "fullVoltage must be above emptyVoltage"));
    }
}
