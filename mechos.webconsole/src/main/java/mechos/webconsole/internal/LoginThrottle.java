package mechos.webconsole.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Per-client backoff of console logins. A client (remote address) may fail {@code freeFailures} logins in a row
 * without delay; every further failure locks it out for twice as long as the one before (1 s, 2 s, 4 s, … up to
 * {@code maxLockoutSeconds}). While locked, no request of that client reaches the password check at all, so a
 * locked client cannot keep guessing. A successful login clears the client's record. At most {@code maxClients}
 * clients are remembered (the oldest record is dropped first), so a flood of addresses cannot exhaust memory.
 * Time comes from the given monotonic clock (nanoseconds).
 */
final class LoginThrottle {
    /** The outcome of one failed login. */
    record Failure(int failures, long lockedSeconds) {
    }

    private static final class Entry {
        int failures;
        long lockedUntil;
    }

    private final LongSupplier nanos;
    private final int freeFailures;
    private final long maxLockoutNanos;
    private final int maxClients;
    private final Map<String, Entry> clients = new LinkedHashMap<>(16, 0.75f, true);

    LoginThrottle(LongSupplier nanos, int freeFailures, long maxLockoutSeconds, int maxClients) {
        this.nanos = nanos;
        this.freeFailures = freeFailures;
        this.maxLockoutNanos = TimeUnit.SECONDS.toNanos(maxLockoutSeconds);
        this.maxClients = maxClients;
    }

    /** @return seconds (rounded up, at least 1) the client must still wait, 0 when it may try */
    synchronized long lockedSeconds(String client) {
        Entry e = clients.get(client);
        if (e == null) {
            return 0;
        }
        long left = e.lockedUntil - nanos.getAsLong();
        return left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    /** Records a failed login of the client and returns how long it is now locked out. */
    synchronized Failure failed(String client) {
        Entry e = clients.computeIfAbsent(client, c -> new Entry());
        e.failures++;
        long lock = 0;
        if (e.failures > freeFailures) {
            int doublings = Math.min(e.failures - freeFailures - 1, 40);
            lock = Math.min(TimeUnit.SECONDS.toNanos(1L << doublings), maxLockoutNanos);
            e.lockedUntil = nanos.getAsLong() + lock;
        }
        evict();
        return new Failure(e.failures, TimeUnit.NANOSECONDS.toSeconds(lock));
    }

    /** A successful login clears the client's failures. */
    synchronized void succeeded(String client) {
        clients.remove(client);
    }

    private void evict() {
        Iterator<String> it = clients.keySet().iterator();
        while (clients.size() > maxClients && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
