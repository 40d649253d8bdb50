package mechos.kernel.internal.policy;

/**
 * One configuration value the safety envelope (or a consistency check) refused.
 *
 * @param pid   Config Admin PID
 * @param key   property key as in Config Admin ({@code max_linear})
 * @param value the refused value as given
 * @param bound what would have been accepted
 */
public record ConfigRefusal(String pid, String key, String value, String bound) {
    public String message() {
        return pid + ": " + key + "=" + value + " refused, " + bound;
    }
}
