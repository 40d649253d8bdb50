package mechos.hal.support;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An I/O deadline independent of the link's own settings (termios VTIME, socket timeouts, which another program
 * can change): the I/O thread announces each call ({@link #begin}) and ends it ({@link #end}); a supervising
 * thread calls {@link #check()} periodically. A call older than its limit <em>fires</em> once: its
 * {@code unblock} action runs (closing the link makes a blocked native call return) and {@link Verdict#FIRED} is
 * returned so the caller can declare FAULT and interrupt the I/O thread; a call still not ended after
 * {@code abandonFactor} further limits is {@link Verdict#ABANDON}ed (the caller starts a fresh I/O thread).
 *
 * <p>Pure bookkeeping with an injected clock: tests step the clock and call {@link #check()} themselves. One call
 * at a time (one I/O thread); thread-safe between that thread and the checking thread.
 */
public final class IoWatchdog {
    /** What {@link #check()} found. */
    public enum Verdict {
        /** no call in progress, or within its limit, or already handled */
        NONE,
        /** the call in progress passed its limit just now; its unblock action has run */
        FIRED,
        /** the call fired earlier and is still not back after the abandon period */
        ABANDON
    }

    /** One call into the link, as the watchdog sees it. */
    public static final class Call {
        private final String what;
        private final long startNanos;
        private final long limitNanos;
        private final Runnable unblock;
        private volatile boolean fired;
        private volatile boolean abandoned;

        Call(String what, long startNanos, long limitNanos, Runnable unblock) {
            this.what = what;
            this.startNanos = startNanos;
            this.limitNanos = limitNanos;
            this.unblock = unblock;
        }

        /** @return what the call does, e.g. "read on /dev/ttyUSB0" */
        public String what() {
            return what;
        }

        /** @return whether the watchdog fired on this call */
        public boolean fired() {
            return fired;
        }

        /** @return the limit in milliseconds */
        public long limitMs() {
            return TimeUnit.NANOSECONDS.toMillis(limitNanos);
        }
    }

    private final LongSupplier nanoClock;
    private final int abandonFactor;
    private volatile Call current;
    private volatile long lastBusyNanos;

    /**
     * @param nanoClock     monotonic clock ({@link System#nanoTime()} in production)
     * @param abandonFactor a fired call not back after this many further limits is abandoned (&gt;= 1)
     */
    public IoWatchdog(LongSupplier nanoClock, int abandonFactor) {
        if (abandonFactor < 1) {
            throw new IllegalArgumentException("abandonFactor must be >= 1, was " + abandonFactor);
        }
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.abandonFactor = abandonFactor;
    }

    /**
     * Announces a call; it must be ended with {@link #end}.
     *
     * @param limitMs how long it may take (&gt; 0)
     * @param unblock what makes the blocked call return (e.g. closing the link); may be null; must not throw
     */
    public Call begin(String what, long limitMs, Runnable unblock) {
        if (limitMs <= 0) {
            throw new IllegalArgumentException("I/O watchdog limit must be > 0 ms, was " + limitMs);
        }
        Call c = new Call(what, nanoClock.getAsLong(), TimeUnit.MILLISECONDS.toNanos(limitMs), unblock);
        current = c;
        return c;
    }

    /** @return whether the watchdog fired on the call (then its result must not be trusted) */
    public boolean end(Call c) {
        if (current == c) {
            current = null;
        }
        return c.fired;
    }

    /** @return the call in progress, null when none */
    public Call current() {
        return current;
    }

    /** Forgets the call in progress (the thread making it was abandoned or stopped). */
    public void clear() {
        current = null;
    }

    /** @return how long the call that the last {@link #check()} judged had been running, in ms */
    public long lastBusyMs() {
        return TimeUnit.NANOSECONDS.toMillis(lastBusyNanos);
    }

    /** Judges the call in progress against its limit; see {@link Verdict}. Never throws. */
    public Verdict check() {
        Call c = current;
        if (c == null || c.abandoned) {
            return Verdict.NONE;
        }
        long busy = nanoClock.getAsLong() - c.startNanos;
        lastBusyNanos = busy;
        if (!c.fired) {
            if (busy <= c.limitNanos) {
                return Verdict.NONE;
            }
            c.fired = true;
            if (c.unblock != null) {
                c.unblock.run();
            }
            return Verdict.FIRED;
        }
        if (busy > c.limitNanos * (1L + abandonFactor)) {
            c.abandoned = true;
            if (current == c) {
                current = null;
            }
            return Verdict.ABANDON;
        }
        return Verdict.NONE;
    }
}
