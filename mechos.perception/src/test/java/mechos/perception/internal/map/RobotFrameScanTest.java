package mechos.perception.internal.map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import mechos.hal.api.LaserScan;
import mechos.kernel.api.RobotScan;
import mechos.perception.api.Transform;

import org.junit.jupiter.api.Test;

class RobotFrameScanTest {
    @Test
    void returnsAreMountedIntoTheBodyFrameMaxRangeIsNoPointUnknownIsCounted() {
        // laser 0.1 m ahead of base_link, turned 90° left; beam 0 at the laser's +x, 1 m
        LaserScan scan = new LaserScan(7, "laser", 0, Math.PI / 2, 0.1, 5,
                new double[] {1, Double.POSITIVE_INFINITY, Double.NaN, 9, 0.05}, new double[0]);
        RobotScan r = RobotFrameScan.of(scan, Transform.of(0.1, 0, 0.2, 0, 0, Math.PI / 2));
        assertEquals(7, r.timestampNanos());
        assertEquals(5, r.beams());
        assertEquals(3, r.unknown(), "NaN, beyond rangeMax, below rangeMin");
        assertEquals(1, r.points());
        assertEquals(0.1, r.xy()[0], 1e-9);
        assertEquals(1.0, r.xy()[1], 1e-9);
    }
}
