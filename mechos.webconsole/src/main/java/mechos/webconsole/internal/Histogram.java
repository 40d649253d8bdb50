package mechos.webconsole.internal;

import java.util.Arrays;

/**
 * A Prometheus-style cumulative histogram of durations in seconds with fixed bucket bounds, plus the maximum.
 * Thread-safe (observations come from bus delivery threads, reads from HTTP threads).
 */
final class Histogram {
    /** Bucket upper bounds in seconds, from 50 µs to 10 s. */
    static final double[] BOUNDS = { 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10 };

    private final long[] counts = new long[BOUNDS.length];
    private long count;
    private double sum;
    private double max;

    /** Records one duration; negative or non-finite values are ignored (clock oddities must not poison sums). */
    synchronized void observe(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return;
        }
        for (int i = 0; i < BOUNDS.length; i++) {
            if (seconds <= BOUNDS[i]) {
                counts[i]++;
            }
        }
        count++;
        sum += seconds;
        max = Math.max(max, seconds);
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(Arrays.copyOf(counts, counts.length), count, sum, max);
    }

    /**
     * @param cumulative per bound of {@link #BOUNDS}, observations {@code <=} it
     * @param count      all observations
     * @param sum        their sum in seconds
     * @param max        the largest, 0 when none
     */
    record Snapshot(long[] cumulative, long count, double sum, double max) {
        double mean() {
            return count == 0 ? 0 : sum / count;
        }
    }
}
