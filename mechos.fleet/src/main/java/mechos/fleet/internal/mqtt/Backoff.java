package mechos.fleet.internal.mqtt;

import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code base} up to {@code max}, each drawn uniformly from the upper
 * {@code jitter} fraction of that step ("equal jitter"), so a fleet that lost its broker at one moment does not
 * come back in lock-step. Not thread-safe (used by the link's own thread).
 */
public final class Backoff {
    private final long baseMillis;
    private final long maxMillis;
    private final double jitter;
    private final DoubleSupplier random;
    private int attempt;

    /**
     * @param jitter fraction 0..1 of each step that is random
     * @param random uniform in [0, 1)
     */
    public Backoff(long baseMillis, long maxMillis, double jitter, DoubleSupplier random) {
        if (baseMillis <= 0 || maxMillis < baseMillis || !(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("reconnect backoff: need 0 < base <= max and jitter in [0, 1]; got base "
                    + baseMillis + " ms, max " + maxMillis + " ms, jitter " + jitter);
        }
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.jitter = jitter;
        this.random = random;
    }

    /** @return the delay before the next attempt; each call counts one failed attempt */
    public long next() {
        long step = attempt >= 30 ? maxMillis : Math.min(maxMillis, baseMillis << attempt);
        attempt++;
        double r = Math.min(Math.max(random.getAsDouble(), 0), 1);
        return Math.round(step * (1 - jitter) + step * jitter * r);
    }

    /** A connection succeeded: start again from {@code base}. */
    public void reset() {
        attempt = 0;
    }
}
