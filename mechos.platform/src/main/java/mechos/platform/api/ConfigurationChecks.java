package mechos.platform.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems of one proposed configuration, found by running a component's own checks one rule at a time, each
 * naming the keys it reads: what a {@link ConfigurationValidator} answers. A rule is the code the component's
 * activation runs, throwing {@link IllegalArgumentException} for a bad value ({@link ConfigurationProblem#ifRefused}).
 *
 * <p>A rule reading a key an earlier rule already refused is skipped (it would report the same value again), and
 * {@link #whole} runs only when every rule so far passed. Not thread-safe: one instance per question.
 *
 * @since 1.4
 */
public final class ConfigurationChecks {
    private final List<ConfigurationProblem> problems = new ArrayList<>();
    private final Set<String> refused = new HashSet<>();

    /** Runs one rule, unless one of its {@code keys} was already refused; a refusal names {@code keys}. */
    public ConfigurationChecks check(Runnable rule, String... keys) {
        for (String key : keys) {
            if (refused.contains(key)) {
                return this;
            }
        }
        ConfigurationProblem.ifRefused(rule, keys).ifPresent(p -> {
            problems.add(p);
            refused.addAll(p.keys());
        });
        return this;
    }

    /**
     * Runs the construction the activation runs as a whole, only when every rule asked so far passed (it would
     * repeat their refusals): a last check that no rule was left out. A refusal names {@code keys}.
     */
    public ConfigurationChecks whole(Runnable construction, String... keys) {
        return passed() ? check(construction, keys) : this;
    }

    /** @return true when no rule asked so far refused the values */
    public boolean passed() {
        return problems.isEmpty();
    }

    /** @return the problems found, in the order of the rules; empty if the values are acceptable */
    public List<ConfigurationProblem> problems() {
        return List.copyOf(problems);
    }
}
