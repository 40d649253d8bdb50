package mechos.perception.internal.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import mechos.hal.api.LaserScan;
import mechos.perception.api.RejectReason;
import mechos.perception.api.Transform;
import mechos.perception.internal.InputCounters;

import org.junit.jupiter.api.Test;

class ScanConverterTest {
    static LaserScan scan(double... ranges) {
        return new LaserScan(0, "laser", 0, Math.PI / 2, 0.1, 5, ranges, new double[0]);
    }

    @Test
    void badBeamsAreSkippedAndCountedAndPointsLandInTheMapFrame() {
        InputCounters c = new InputCounters();
        ScanConverter.Points p = ScanConverter.convert(scan(1, Double.NaN, -1, 0.05, Double.POSITIVE_INFINITY, 2),
                Transform.of(1, 0, 0.2, 0, 0, Math.PI / 2), 10, c);
        assertEquals(3, p.count());
        // beam 0 at angle 0, 1 m: rotated 90° -> (0, 1) + (1, 0, 0.2)
        assertEquals(1, p.xyz()[0], 1e-9);
        assertEquals(1, p.xyz()[1], 1e-9);
        assertEquals(0.2, p.xyz()[2], 1e-9);
        // beam 4 has no return: its endpoint lies beyond the insertion range, so it only clears
        double dx = p.xyz()[3] - p.ox(), dy = p.xyz()[4] - p.oy();
        assertEquals(true, Math.hypot(dx, dy) > p.maxRange());
        assertEquals(5, p.maxRange(), 1e-3);
        var s = c.stats();
        assertEquals(1, s.rejected(RejectReason.NAN_RANGE));
        assertEquals(1, s.rejected(RejectReason.NEGATIVE_RANGE));
        assertEquals(1, s.rejected(RejectReason.BELOW_MIN_RANGE));
    }

    @Test
    void wholeScanChecks() {
        assertEquals(RejectReason.EMPTY_SCAN, ScanConverter.check(scan(), 10));
        assertEquals(RejectReason.OVERSIZED_SCAN, ScanConverter.check(scan(new double[11]), 10));
        assertEquals(RejectReason.INVALID_SCAN, ScanConverter.check(
                new LaserScan(0, "l", Double.NaN, 0.1, 0, 5, new double[] {1}, new double[0]), 10));
        assertNull(ScanConverter.check(scan(1), 10));
        InputCounters c = new InputCounters();
        assertNull(ScanConverter.convert(scan(Double.NaN, Double.NaN), Transform.IDENTITY, 10, c));
        assertEquals(1, c.stats().rejected(RejectReason.EMPTY_SCAN));
    }
}
