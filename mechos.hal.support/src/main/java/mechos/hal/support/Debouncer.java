package mechos.hal.support;

/**
 * Debounces a sampled digital level: a new level is accepted once it has been seen continuously for the
 * debounce time. Pure logic (tested without hardware); not thread-safe (one sampling thread).
 */
public final class Debouncer {
    private final long debounceNanos;
    private boolean stable;
    private boolean candidate;
    private long candidateSince;

    /** @param debounceNanos how long a new level must be seen continuously before it is accepted */
    public Debouncer(long debounceNanos, boolean initial) {
        this.debounceNanos = debounceNanos;
        this.stable = initial;
        this.candidate = initial;
    }

    /** @return true when the debounced level changed with this sample */
    public boolean sample(boolean level, long nanos) {
        if (level != candidate) {
            candidate = level;
            candidateSince = nanos;
        }
        if (candidate != stable && nanos - candidateSince >= debounceNanos) {
            stable = candidate;
            return true;
        }
        return false;
    }

    public boolean stable() {
        return stable;
    }
}
