package mechos.perception.internal.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import mechos.hal.api.LaserScan;
import mechos.kernel.api.RobotScan;
import mechos.perception.api.Transform;

import org.junit.jupiter.api.Test;

/**
 * Issue 14: the stop zone judges unknown beams per direction, so the scan it gets carries each unknown beam's
 * bearing in the body frame (the sensor's mount rotation applied) and the beam spacing.
 */
class RobotFrameScanTest {
    @Test
    void unknownBeamsCarryTheirBodyFrameBearings() {
        double[] r = new double[8];
        java.util.Arrays.fill(r, 2.0);
        r[0] = Double.NaN; // unknown at the sensor's 0 rad
        r[2] = Double.NaN; // unknown at the sensor's +π/2
        r[4] = Double.POSITIVE_INFINITY; // max range: known free, no point, not unknown
        LaserScan scan = new LaserScan(5, "laser", 0, Math.PI / 4, 0.1, 10, r, new double[0]);
        // mounted turned left by 90°: the sensor's 0 rad is the body's +π/2
        RobotScan s = RobotFrameScan.of(scan, Transform.planar(0.1, 0, Math.PI / 2));
        assertEquals(8, s.beams());
        assertEquals(2, s.unknown());
        assertEquals(5, s.points());
        assertArrayEquals(new double[] {Math.PI / 2, Math.PI}, s.unknownBearings(), 1e-9);
        assertEquals(Math.PI / 4, s.beamSpacing(), 1e-12);
    }
}
