package mechos.hal.serial.internal.roboclaw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import mechos.hal.api.DriveGeometry;
import mechos.hal.api.OdometryReading;

class DiffDriveOdometryTest {
    private static final double MPT = 0.001;

    @Test
    void straightLineAndTurnInPlace() {
        DiffDriveOdometry o = new DiffDriveOdometry(0.3, MPT);
        o.update(0, 0, 0, 0, 0);
        OdometryReading r = o.update(1000, 1000, 0.5, 0.5, 1);
        assertEquals(1.0, r.x(), 1e-9);
        assertEquals(0, r.y(), 1e-9);
        assertEquals(0.5, r.linear(), 1e-9);
        // quarter turn counter-clockwise: each wheel travels π/2 · 0.15 m
        int d = (int) Math.round(Math.PI / 2 * 0.15 / MPT);
        r = o.update(1000 - d, 1000 + d, -0.1, 0.1, 2);
        assertEquals(Math.PI / 2, r.theta(), 0.005, "within one encoder tick");
        assertEquals(1.0, r.x(), 1e-9);
        assertEquals(0.2 / 0.3, r.angular(), 1e-9);
    }

    @Test
    void counterWrapAroundIsASmallStepAndResetOnlyReprimes() {
        DiffDriveOdometry o = new DiffDriveOdometry(0.3, MPT);
        o.update(Integer.MAX_VALUE - 5, Integer.MAX_VALUE - 5, 0, 0, 0);
        OdometryReading r = o.update(Integer.MIN_VALUE + 4, Integer.MIN_VALUE + 4, 0, 0, 1);
        assertEquals(0.010, r.x(), 1e-9);
        o.reset();
        r = o.update(0, 0, 0, 0, 2); // a reconnected controller restarted counting: no jump
        assertEquals(0.010, r.x(), 1e-9);
    }

    @Test
    void wheelMappingScalesSwapsAndInverts() {
        WheelMapping w = new WheelMapping(new DriveGeometry(0.4, 0.05, 1.0, 3.0, 0.3), 1000, false, false, true);
        int[] m = w.motorSpeeds(0.5, 1.0); // left 0.3, right 0.7 m/s
        assertEquals(300, m[0]);
        assertEquals(-700, m[1]);
        assertEquals(700, w.leftRight(m[0], m[1])[1]);
        int[] scaled = w.motorSpeeds(2.0, 0); // beyond the 1 m/s limit
        assertEquals(1000, scaled[0]);
        WheelMapping swapped = new WheelMapping(w.geometry(), 1000, true, false, false);
        int[] s = swapped.motorSpeeds(0.5, 1.0);
        assertEquals(700, s[0], "M1 drives the right wheel");
        assertEquals(300, swapped.leftRight(s[0], s[1])[0]);
    }
}
