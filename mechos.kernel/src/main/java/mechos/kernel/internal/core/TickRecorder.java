package mechos.kernel.internal.core;

import java.util.Arrays;

import mechos.kernel.api.TickStats;

/** Gap statistics of the safety tick. Written by the tick thread, read rarely; a plain lock is enough. */
final class TickRecorder {
    private static final int WINDOW = 4096;
    private final long[] gaps = new long[WINDOW];
    private int index;
    private int filled;
    private long ticks;
    private long lastStart;
    private long maxGap;
    private long maxJitter;
    private long maxTick;
    private volatile long periodNanos;

    TickRecorder(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    void period(long nanos) {
        this.periodNanos = nanos;
    }

    synchronized void start(long now) {
        if (lastStart != 0) {
            long gap = now - lastStart;
            gaps[index] = gap;
            index = (index + 1) % WINDOW;
            filled = Math.min(WINDOW, filled + 1);
            maxGap = Math.max(maxGap, gap);
            maxJitter = Math.max(maxJitter, Math.abs(gap - periodNanos));
        }
        lastStart = now;
        ticks++;
    }

    synchronized void finished(long durationNanos) {
        maxTick = Math.max(maxTick, durationNanos);
    }

    synchronized TickStats snapshot() {
        long p99 = 0;
        if (filled > 0) {
            long[] copy = Arrays.copyOf(gaps, filled);
            Arrays.sort(copy);
            p99 = copy[Math.min(filled - 1, (int) Math.ceil(filled * 0.99) - 1)];
        }
        return new TickStats(ticks, periodNanos, maxGap, p99, maxJitter, maxTick);
    }

    synchronized void reset() {
        index = 0;
        filled = 0;
        ticks = 0;
        lastStart = 0;
        maxGap = 0;
        maxJitter = 0;
        maxTick = 0;
    }
}
