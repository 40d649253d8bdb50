package mechos.kernel.api;

/**
 * Timing of the safety monitor's tick: the gap between consecutive tick starts.
 *
 * @param ticks           ticks since start or reset
 * @param periodNanos     configured period
 * @param maxGapNanos     largest gap seen
 * @param p99GapNanos     99th percentile gap over the recent window (up to 4096 ticks)
 * @param maxJitterNanos  largest |gap - period| seen
 * @param maxTickNanos    longest time one tick's checks took
 */
public record TickStats(long ticks, long periodNanos, long maxGapNanos, long p99GapNanos, long maxJitterNanos,
        long maxTickNanos) {
}
