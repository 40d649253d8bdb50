package mechos.hal.serial.internal.port;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import mechos.hal.support.ConfigCheck;
import mechos.platform.api.ConfigurationProblem;

/**
 * The problems of one proposed configuration, found by running a driver's own checks one rule at a time, each naming
 * the keys it concerns (see {@link mechos.platform.api.ConfigurationValidator}). A rule reads its values inside the
 * check, so a value that does not convert is a problem of the rules reading it, not an exception. Not thread-safe:
 * one instance per question.
 */
public final class ConfigRules {
    private final Map<String, Object> values;
    private final List<ConfigurationProblem> problems = new ArrayList<>();

    public ConfigRules(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * The activation's type check ({@link ConfigCheck#types}) key by key: every value present for an attribute of
     * {@code type} must convert to the attribute's type (a finite number, true or false, an enum constant's name).
     */
    public ConfigRules types(Class<?> type) {
        for (Method m : type.getDeclaredMethods()) {
            String key = ConfigCheck.key(m);
            Object v = values.get(key);
            if (v != null) {
                check(() -> ConfigCheck.types(Map.of(key, v), type), key);
            }
        }
        return this;
    }

    /** Runs one rule (throwing {@link IllegalArgumentException} for a bad value); a refusal names {@code keys}. */
    public ConfigRules check(Runnable rule, String... keys) {
        ConfigurationProblem.ifRefused(rule, keys).ifPresent(problems::add);
        return this;
    }

    /**
     * Runs the construction the activation runs as a whole, only when every rule asked so far passed (it would
     * repeat their refusals): a last check that no rule was left out. A refusal names {@code keys}.
     */
    public ConfigRules whole(Runnable construction, List<String> keys) {
        return problems.isEmpty() ? check(construction, keys.toArray(String[]::new)) : this;
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
