package mechos.hal.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One planar scan in the sensor's frame (REP 117 conventions). Beam {@code i} points at
 * {@code angleMin + i * angleIncrement} radians, counter-clockwise from the sensor's +x axis.
 * <p>Each beam is in exactly one of three states, and consumers must treat them differently:
 * <ul>
 * <li><b>return</b> ({@link #hasReturn}): a finite range in {@code [rangeMin, rangeMax]}; free space up to the
 *     hit, an obstacle at it;</li>
 * <li><b>max range</b> ({@link #isMaxRange}): {@link Double#POSITIVE_INFINITY} &mdash; the beam was measured
 *     and nothing echoed within {@code rangeMax}; free space up to {@code rangeMax};</li>
 * <li><b>unknown</b> ({@link #isUnknown}): {@link Double#NaN} (or any value outside the two states above) &mdash;
 *     the sensor did not measure this bin in this scan (a partial revolution, a node with bad check bits,
 *     a reading below {@code rangeMin}). Unknown says nothing: it must never clear space.</li>
 * </ul>
 *
 * @param timestampNanos  monotonic time of the first beam
 * @param frameId         the sensor frame (e.g. {@code laser}); its mount is a static transform from base_link
 * @param angleMin        rad
 * @param angleIncrement  rad between beams
 * @param rangeMin        m; closer returns are not valid
 * @param rangeMax        m; the longest valid return
 * @param ranges          m per beam; +∞ for measured max range, NaN for unknown. The array is owned by the scan:
 *                        do not modify.
 * @param intensities     per beam (device-specific scale, e.g. quality 0..63), or an empty array
 */
public record LaserScan(long timestampNanos, String frameId, double angleMin, double angleIncrement,
        double rangeMin, double rangeMax, double[] ranges, double[] intensities) {
    public LaserScan {
        Objects.requireNonNull(frameId, "frameId");
        Objects.requireNonNull(ranges, "ranges");
        Objects.requireNonNull(intensities, "intensities");
        if (intensities.length != 0 && intensities.length != ranges.length) {
            throw new IllegalArgumentException(
                    "intensities has " + intensities.length + " values for " + ranges.length + " ranges");
        }
    }

    /** @return number of beams */
    public int size() {
        return ranges.length;
    }

    /** @return angle of beam {@code i} in rad */
    public double angle(int i) {
        return angleMin + i * angleIncrement;
    }

    /** @return true if beam {@code i} hit something within the valid range */
    public boolean hasReturn(int i) {
        double r = ranges[i];
        return r >= rangeMin && r <= rangeMax;
    }

    /** @return true if beam {@code i} was measured and nothing echoed within {@code rangeMax} */
    public boolean isMaxRange(int i) {
        return ranges[i] == Double.POSITIVE_INFINITY;
    }

    /** @return true if beam {@code i} carries no measurement (neither a return nor max range): never clear space */
    public boolean isUnknown(int i) {
        return !hasReturn(i) && !isMaxRange(i);
    }

    /** @return how many beams were measured (a return or max range) */
    public int measuredCount() {
        int n = 0;
        for (int i = 0; i < ranges.length; i++) {
            if (!isUnknown(i)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LaserScan s && s.timestampNanos == timestampNanos && s.frameId.equals(frameId)
                && Double.compare(s.angleMin, angleMin) == 0 && Double.compare(s.angleIncrement, angleIncrement) == 0
                && Double.compare(s.rangeMin, rangeMin) == 0 && Double.compare(s.rangeMax, rangeMax) == 0
                && Arrays.equals(s.ranges, ranges) && Arrays.equals(s.intensities, intensities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampNanos, frameId, angleMin, angleIncrement, Arrays.hashCode(ranges));
    }

    @Override
    public String toString() {
        return "LaserScan[" + frameId + ", t=" + timestampNanos + ", beams=" + ranges.length + "]";
    }
}
