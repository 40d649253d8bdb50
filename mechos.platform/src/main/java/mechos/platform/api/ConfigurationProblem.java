package mechos.platform.api;

import java.util.List;
import java.util.Optional;

/**
 * One thing a {@link ConfigurationValidator} refuses in a configuration.
 *
 * @param keys   the configuration keys concerned (at least one): they are the ones reverted to the values in force
 * @param reason why the values of these keys are refused, for the log and the MechOS page (the platform adds the
 *               PID, keys and values)
 */
public record ConfigurationProblem(List<String> keys, String reason) {
    public ConfigurationProblem {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a configuration problem names at least one key");
        }
        reason = reason == null || reason.isBlank() ? "refused" : reason;
    }

    /**
     * Runs a check that throws {@link IllegalArgumentException} for a bad value (the check a component's activation
     * runs), and turns that exception into a problem naming {@code keys}. This is how a validator reuses the
     * component's own validation code instead of repeating its rules.
     *
     * @return the problem, or empty if the check passed
     */
    public static Optional<ConfigurationProblem> ifRefused(Runnable check, String... keys) {
        try {
            check.run();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(new ConfigurationProblem(List.of(keys), e.getMessage()));
        }
    }
}
