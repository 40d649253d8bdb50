package mechos.runtime.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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

    /** @return the problem naming {@link #keys} if the check refuses the configuration, else empty */
    public Optional<ConfigurationProblem> problem(C config) {
        return ConfigurationProblem.ifRefused(() -> check.accept(config), keys.toArray(String[]::new));
    }

    /**
     * Runs {@code checks} on {@code config} for a configuration validator. A check reading a key an earlier check
     * already refused is skipped (it would report the same value again).
     *
     * @return the problems found, in the order of the checks
     */
    public static <C> List<ConfigurationProblem> problems(List<ConfigCheck<C>> checks, C config) {
        List<ConfigurationProblem> out = new ArrayList<>();
        Set<String> refused = new HashSet<>();
        for (ConfigCheck<C> check : checks) {
            if (check.keys().stream().noneMatch(refused::contains)) {
                check.problem(config).ifPresent(p -> {
                    out.add(p);
                    refused.addAll(p.keys());
                });
            }
        }
        return out;
    }
}
