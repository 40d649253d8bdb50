package mechos.kernel.api;

/**
 * A change of a safety parameter, accepted or refused by the safety envelope (published on
 * {@link KernelTopics#CONFIG}).
 *
 * @param pid        Config Admin PID, e.g. {@code mechos.kernel.rule.speed}
 * @param key        property key, e.g. {@code max_linear}
 * @param oldValue   value before an accepted change; empty for a refusal
 * @param newValue   the new (accepted) or the refused value
 * @param refused    true when the safety envelope or a consistency check refused the configuration
 * @param bound      for a refusal: what would have been accepted; empty otherwise
 * @param source     who/what changed it: {@code conf/ file …} or {@code Config Admin / Web Console}
 * @param wallMillis when
 */
public record ConfigChange(String pid, String key, String oldValue, String newValue, boolean refused, String bound,
        String source, long wallMillis) {
}
