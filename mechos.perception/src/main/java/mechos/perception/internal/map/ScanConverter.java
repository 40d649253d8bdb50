package mechos.perception.internal.map;

import mechos.hal.api.LaserScan;
import mechos.perception.api.RejectReason;
import mechos.perception.api.Transform;
import mechos.perception.internal.InputCounters;

/**
 * Turns a validated {@link LaserScan} into beam endpoints in the map frame, following the scan's three beam
 * states: a <b>return</b> clears up to its end and marks it occupied; a measured <b>max range</b> (+∞) gets an
 * endpoint beyond the insertion range, so the octree clears along it without marking anything; an <b>unknown</b>
 * beam (NaN, negative, closer than rangeMin, or a finite value beyond rangeMax) is skipped and counted, and never
 * clears space &mdash; a noisy sensor must not erase the map (issue 13).
 */
public final class ScanConverter {
    /**
     * Beam endpoints in the map frame.
     *
     * @param ox       sensor origin x in the map frame
     * @param oy       sensor origin y
     * @param oz       sensor origin z
     * @param xyz      endpoints, interleaved
     * @param count    number of endpoints
     * @param maxRange insertion range: longer beams clear only
     */
    public record Points(double ox, double oy, double oz, double[] xyz, int count, double maxRange) {
    }

    private ScanConverter() {
    }

    /** @return the reason the scan as a whole is unusable, or null (checks that need no transform) */
    public static RejectReason check(LaserScan scan, int maxBeams) {
        if (scan.size() == 0) {
            return RejectReason.EMPTY_SCAN;
        }
        if (scan.size() > maxBeams) {
            return RejectReason.OVERSIZED_SCAN;
        }
        if (!Double.isFinite(scan.angleMin()) || !Double.isFinite(scan.angleIncrement())
                || !(scan.rangeMin() >= 0) || !(scan.rangeMax() > scan.rangeMin()) || !Double.isFinite(scan.rangeMax())) {
            return RejectReason.INVALID_SCAN;
        }
        return null;
    }

    /**
     * @param mapFromSensor {@code T_map_sensor} at the scan's time
     * @param maxRange      configured insertion limit (m); the scan's own rangeMax also applies
     * @return the endpoints, or null if no beam is usable (counted as EMPTY_SCAN)
     */
    public static Points convert(LaserScan scan, Transform mapFromSensor, double maxRange, InputCounters counters) {
        double limit = Math.min(scan.rangeMax(), maxRange);
        double clearTo = limit * 1.01 + 0.01;
        double[] ranges = scan.ranges();
        double[] xyz = new double[ranges.length * 3];
        int n = 0;
        long nan = 0, negative = 0, belowMin = 0, aboveMax = 0;
        Transform t = mapFromSensor;
        for (int i = 0; i < ranges.length; i++) {
            double r = ranges[i];
            if (Double.isNaN(r)) {
                nan++;
                continue;
            }
            if (r < 0) {
                negative++;
                continue;
            }
            if (r < scan.rangeMin()) {
                belowMin++;
                continue;
            }
            if (r > scan.rangeMax() && r != Double.POSITIVE_INFINITY) {
                aboveMax++;
                continue;
            }
            double d = r == Double.POSITIVE_INFINITY ? clearTo : r;
            double a = scan.angle(i);
            double[] p = t.rotate(d * Math.cos(a), d * Math.sin(a), 0);
            xyz[3 * n] = p[0] + t.x();
            xyz[3 * n + 1] = p[1] + t.y();
            xyz[3 * n + 2] = p[2] + t.z();
            n++;
        }
        counters.reject(RejectReason.NAN_RANGE, nan);
        counters.reject(RejectReason.NEGATIVE_RANGE, negative);
        counters.reject(RejectReason.BELOW_MIN_RANGE, belowMin);
        counters.reject(RejectReason.ABOVE_MAX_RANGE, aboveMax);
        if (n == 0) {
            counters.reject(RejectReason.EMPTY_SCAN);
            return null;
        }
        return new Points(t.x(), t.y(), t.z(), xyz, n, limit + 1e-6);
    }
}
