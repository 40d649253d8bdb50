package mechos.runtime.internal;

import java.util.List;
import java.util.function.Consumer;

import mechos.platform.api.ConfigurationChecks;
import mechos.platform.api.ConfigurationProblem;

/**
 * One of a component's configuration checks and the configuration keys it concerns: the component's activation runs
 * it (a refused value throws {@link IllegalArgumentException}), and the bundle's configuration validator runs the
 * same check to report a refused value before the component sees it.
 *
 * @param keys  the configuration keys (as stored, e.g. {@code agent.id}) the check reads
 * @param check throws {@link IllegalArgumentException} naming the bad value
 */
public record ConfigCheck<C>(List<String> keys, Consumer<C> check) {
    public ConfigCheck {
        keys = List.copyOf(keys);
    }

    public static <C> ConfigCheck<C> of(Consumer<C> check, String... keys) {
        return new ConfigCheck<>(List.of(keys), check);
    }

    /** Runs the check; throws {@link IllegalArgumentException} if it refuses the configuration. */
    public void run(C config) {
        check.accept(config);
    }

    /**
     * Runs {@code checks} on {@code config} for a configuration validator ({@link ConfigurationChecks}: a check
     * reading a key an earlier check already refused is skipped).
     *
     * @return the problems found, in the order of the checks
     */
    public static <C> List<ConfigurationProblem> problems(List<ConfigCheck<C>> checks, C config) {
        ConfigurationChecks out = new ConfigurationChecks();
        for (ConfigCheck<C> check : checks) {
            out.check(() -> check.run(config), check.keys().toArray(String[]::new));
        }
        return out.problems();
    }
}
