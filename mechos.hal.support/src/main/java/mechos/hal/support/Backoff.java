package mechos.hal.support;

/** Exponential reconnect delay: doubles from {@code minMs} up to {@code maxMs}; {@link #reset()} after success. */
public final class Backoff {
    private final long minMs;
    private final long maxMs;
    private long nextMs;

    /** @throws IllegalArgumentException naming the property when the bounds are unusable */
    public Backoff(long minMs, long maxMs) {
        if (minMs <= 0) {
            throw new IllegalArgumentException("reconnect.min.ms must be > 0, was " + minMs);
        }
        if (maxMs < minMs) {
            throw new IllegalArgumentException(
                    "reconnect.max.ms (" + maxMs + ") must be >= reconnect.min.ms (" + minMs + ")");
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.nextMs = minMs;
    }

    /** @return the delay to wait now; the following one is doubled (capped) */
    public synchronized long next() {
        long d = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        return d;
    }

    /** @return the delay {@link #next()} would return now (for tests and measurements) */
    public synchronized long peek() {
        return nextMs;
    }

    public synchronized void reset() {
        nextMs = minMs;
    }
}
