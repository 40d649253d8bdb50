package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.Clearance;
import mechos.kernel.api.RobotScan;

class ScanZoneTest {
    static final double R = 0.25;

    @Test
    void straightMotionMeetsAPointAheadAndIgnoresOneBehind() {
        double[] ahead = {1.0, 0.0};
        assertEquals(1.5, ScanZone.timeToCollision(ahead, 0.5, 0, R, 5), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, ScanZone.timeToCollision(ahead, -0.5, 0, R, 5));
        assertEquals(Double.POSITIVE_INFINITY, ScanZone.timeToCollision(new double[] {1.0, 0.3}, 0.5, 0, R, 5),
                "passes beside it");
        assertEquals(Double.POSITIVE_INFINITY, ScanZone.timeToCollision(ahead, 0.1, 0, R, 5), "beyond the horizon");
        assertEquals(0.0, ScanZone.timeToCollision(new double[] {0.2, 0}, 0.1, 0, R, 5), "inside and driving at it");
        assertEquals(Double.POSITIVE_INFINITY, ScanZone.timeToCollision(new double[] {0.2, 0}, -0.1, 0, R, 5),
                "inside but backing away");
        assertEquals(0.75, ScanZone.nearestAhead(ahead, 0.5, R), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, ScanZone.nearestAhead(ahead, -0.5, R));
    }

    /** Issue 14: near a wall (0.04 m from the footprint's edge) turning in place must be allowed. */
    @Test
    void turningInPlaceNearAWallNeverCollides() {
        double[] wall = new double[2 * 41];
        for (int i = 0; i <= 40; i++) {
            wall[2 * i] = 0.29;
            wall[2 * i + 1] = -1 + i * 0.05;
        }
        for (double w : new double[] {-1.0, -0.3, 0.3, 1.0}) {
            assertEquals(Double.POSITIVE_INFINITY, ScanZone.timeToCollision(wall, 0, w, R, 5), "w=" + w);
        }
        assertEquals(Double.POSITIVE_INFINITY, ScanZone.nearestAhead(wall, 0, R));
        assertTrue(ScanZone.timeToCollision(wall, 0.2, 0, R, 5) < 0.5, "but not driving into it");
    }

    /** The closed form agrees with stepping the footprint along the arc (1 ms steps). */
    @Test
    void arcsAgreeWithStepping() {
        Random rnd = new Random(14);
        for (int n = 0; n < 3000; n++) {
            double px = rnd.nextDouble() * 6 - 3, py = rnd.nextDouble() * 6 - 3;
            double v = rnd.nextDouble() * 1.6 - 0.8, w = rnd.nextDouble() * 3 - 1.5;
            if (Math.hypot(px, py) < R + 0.02) {
                continue;
            }
            double expected = stepped(px, py, v, w, 4);
            double got = ScanZone.timeToCollision(new double[] {px, py}, v, w, R, 4);
            if (Double.isInfinite(expected)) {
                assertTrue(Double.isInfinite(got) || got > 3.99, n + ": " + got + " vs none for " + px + "," + py
                        + " v=" + v + " w=" + w);
            } else {
                assertEquals(expected, got, 0.002, n + ": " + px + "," + py + " v=" + v + " w=" + w);
            }
        }
    }

    private static double stepped(double px, double py, double v, double w, double horizon) {
        double x = 0, y = 0, th = 0, dt = 0.0005;
        for (double t = 0; t <= horizon; t += dt) {
            if (Math.hypot(px - x, py - y) <= R) {
                return t;
            }
            x += v * Math.cos(th + w * dt / 2) * dt;
            y += v * Math.sin(th + w * dt / 2) * dt;
            th += w * dt;
        }
        return Double.POSITIVE_INFINITY;
    }

    @Test
    void aScanMostlyUnknownCannotVouchForFreeSpace() {
        long[] now = {1_000_000_000L};
        ScanZone z = new ScanZone(() -> now[0]);
        assertFalse(z.active());
        z.update(new RobotScan(0, new double[] {3, 0}, 360, 200));
        Clearance c = z.clearance(0.3, 0, R, 3);
        assertFalse(c.valid(), "200 of 360 beams unknown");
        z.update(new RobotScan(0, new double[] {3, 0}, 360, 20));
        now[0] += 40_000_000L;
        c = z.clearance(0.3, 0, R, 10);
        assertTrue(c.valid());
        assertEquals((3 - R) / 0.3, c.timeToCollision(), 1e-9);
        assertEquals(40_000_000L, c.dataAgeNanos());
    }

    /** 360 beams 1° apart, all returning from 3 m except an unknown sector of {@code width} beams around {@code centreDeg}. */
    private static RobotScan scanWithUnknownSector(double centreDeg, int width) {
        double[] xy = new double[720];
        double[] unknown = new double[360];
        int p = 0, u = 0;
        for (int i = 0; i < 360; i++) {
            double a = Math.toRadians(i - 180);
            if (Math.abs(Math.IEEEremainder(i - 180 - centreDeg, 360)) < width / 2.0) {
                unknown[u++] = a;
            } else {
                xy[2 * p] = 3 * Math.cos(a);
                xy[2 * p + 1] = 3 * Math.sin(a);
                p++;
            }
        }
        return new RobotScan(0, java.util.Arrays.copyOf(xy, 2 * p), 360, u, java.util.Arrays.copyOf(unknown, u),
                Math.toRadians(1));
    }

    /**
     * Issue 14: unknown beams are judged per direction. A 30° unknown sector is a twelfth of the scan (the whole-scan
     * rule lets it pass), but driving into it cannot be vouched for: creep (invalid). Driving away from it, turning
     * in place, and a single dropped beam ahead stay valid.
     */
    @Test
    void anUnknownSectorInTheDirectionOfTravelCannotVouchForFreeSpace() {
        long[] now = {1_000_000_000L};
        ScanZone z = new ScanZone(() -> now[0]);
        z.update(scanWithUnknownSector(0, 30));
        assertFalse(z.clearance(0.3, 0, R, 3).valid(), "driving into the unknown sector");
        assertFalse(z.clearance(0.3, 0.1, R, 3).valid(), "a gentle arc into it");
        assertTrue(z.clearance(-0.3, 0, R, 3).valid(), "reversing away from it");
        assertTrue(z.clearance(0, 0.8, R, 3).valid(), "turning in place");
        assertTrue(z.clearance(0.3, 1.5, R, 3).valid(), "a tight arc that leaves it");
        now[0] += 10_000_000L;
        z.update(scanWithUnknownSector(180, 30));
        assertTrue(z.clearance(0.3, 0, R, 3).valid(), "the unknown sector is behind");
        assertFalse(z.clearance(-0.3, 0, R, 3).valid(), "reversing into it");
        z.update(scanWithUnknownSector(0, 1));
        assertTrue(z.clearance(0.3, 0, R, 3).valid(), "one dropped beam ahead is not a sector");
        z.update(scanWithUnknownSector(90, 30));
        assertTrue(z.clearance(0.3, 0, R, 3).valid(), "the unknown sector is to the left");
        assertFalse(z.clearance(0.3, 1.0, R, 3).valid(), "an arc that turns left into it");
    }

    @Test
    void theMoreSevereAnswerWins() {
        Clearance map = new Clearance(Double.POSITIVE_INFINITY, 5, 10, true);
        Clearance zone = new Clearance(0.3, 0.1, 20, true);
        assertEquals(new Clearance(0.3, 0.1, 20, true), ScanZone.combine(map, zone));
        assertEquals(map, ScanZone.combine(map, null));
        assertEquals(zone, ScanZone.combine(null, zone));
        assertFalse(ScanZone.combine(map, new Clearance(1, 1, 1, false)).valid());
    }
}
