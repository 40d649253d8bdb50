package mechos.memory.api;

import java.time.Duration;

/**
 * How much episodic memory to keep. Oldest episodes (by time) are pruned first.
 *
 * @param maxCount keep at most this many episodes; 0 for no limit
 * @param maxAge   drop episodes older than this; {@link Duration#ZERO} for no limit
 */
public record RetentionPolicy(long maxCount, Duration maxAge) {
    public RetentionPolicy {
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount must be >= 0");
        }
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must be >= 0");
        }
    }
}
