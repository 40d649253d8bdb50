package mechos.hal.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One planar scan in the sensor's frame (REP 117 conventions). Beam {@code i} points at
 * {@code angleMin + i * angleIncrement} radians, counter-clockwise from the sensor's +x axis.
 * A beam with no return (nothing within {@code rangeMax}) has range {@link Double#POSITIVE_INFINITY}.
 *
 * @param timestampNanos  monotonic time of the first beam
 * @param frameId         the sensor frame (e.g. {@code laser}); its mount is a static transform from base_link
 * @param angleMin        rad
 * @param angleIncrement  rad between beams
 * @param rangeMin        m; closer returns are not valid
 * @param rangeMax        m; the longest valid return
 * @param ranges          m per beam; +∞ for no return. The array is owned by the scan: do not modify.
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
