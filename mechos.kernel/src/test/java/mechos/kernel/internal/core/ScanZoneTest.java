package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import mechos.kernel.api.Clearance;
import mechos.kernel.api.RobotScan;
import mechos.kernel.internal.policy.SafetyPolicy;

class ScanZoneTest {
    static final double R = 0.25;
    static final double H = 5;
    /** Issue 14's rectangle: 0.6 m long, 0.4 m wide. */
    static final Footprint RECT = Footprint.rectangle(0.6, 0.4);

    /** Options with the circle (no polygon), min_points 1: the single-point geometry of the old circular zone. */
    static ZoneOptions circle(int minPoints) {
        return new ZoneOptions(null, 0.05, 0.15, minPoints);
    }

    static double ttc(Footprint f, double[] xy, double v, double w, double horizon) {
        return ScanZone.evaluate(f, xy, v, w, horizon, 0.05, 0.15, 1).timeToCollision();
    }

    @Test
    void straightMotionMeetsAPointAheadAndIgnoresOneBehind() {
        Footprint f = Footprint.regular(R);
        double[] ahead = {1.0, 0.0};
        assertEquals(1.5, ttc(f, ahead, 0.5, 0, H), 1e-9, "an edge of the 16-gon faces +x at the radius");
        assertEquals(Double.POSITIVE_INFINITY, ttc(f, ahead, -0.5, 0, H));
        assertEquals(Double.POSITIVE_INFINITY, ttc(f, new double[] {1.0, 0.3}, 0.5, 0, H), "passes beside it");
        assertEquals(Double.POSITIVE_INFINITY, ttc(f, ahead, 0.1, 0, H), "beyond the horizon");
        assertEquals(0.0, ttc(f, new double[] {0.2, 0}, 0.1, 0, H), "inside and driving at it");
        assertEquals(Double.POSITIVE_INFINITY, ttc(f, new double[] {0.2, 0}, -0.1, 0, H), "inside but backing away");
        assertEquals(0.75, ScanZone.evaluate(f, ahead, 0.5, 0, H, 0.05, 0.15, 1).nearest(), 1e-9,
                "distance from the footprint to the point on the path");
        assertEquals(Double.POSITIVE_INFINITY, ScanZone.evaluate(f, ahead, -0.5, 0, H, 0.05, 0.15, 1).nearest());
    }

    /** Issue 14: near a wall (0.04 m from the circle's edge) turning in place must be allowed. */
    @Test
    void turningInPlaceNearAWallNeverCollides() {
        double[] wall = new double[2 * 41];
        for (int i = 0; i <= 40; i++) {
            wall[2 * i] = 0.29;
            wall[2 * i + 1] = -1 + i * 0.05;
        }
        Footprint f = Footprint.regular(R);
        for (double w : new double[] {-1.0, -0.3, 0.3, 1.0}) {
            assertEquals(Double.POSITIVE_INFINITY, ttc(f, wall, 0, w, H), "w=" + w);
            assertEquals(SafetyPolicy.Action.ALLOW, zone(new ZoneOptions(null, 0.05, 0.15, 2), wall, 0, w).hit()
                    .action(), "w=" + w);
        }
        assertTrue(ttc(f, wall, 0.2, 0, H) < 0.5, "but not driving into it");
    }

    private static ScanZone.Answer zone(ZoneOptions o, double[] xy, double v, double w) {
        ScanZone z = new ScanZone(() -> 0L, () -> o);
        z.update(new RobotScan(0, xy, 360, 0));
        return z.assess(v, w, R, 3);
    }

    /** A short line of scan points (5, 1 cm apart) centred on (x, y), along y. */
    private static double[] cluster(double x, double y) {
        double[] xy = new double[10];
        for (int i = 0; i < 5; i++) {
            xy[2 * i] = x;
            xy[2 * i + 1] = y + (i - 2) * 0.01;
        }
        return xy;
    }

    /**
     * Issue 14: a 0.6 × 0.4 m rectangle turning in place sweeps its corners out to 0.36 m. A point beside its long
     * side, 0.04 m away, blocks the turn; a circle of the short radius (0.2 m, the old zone's geometry) would turn
     * freely. And vice versa: driving forward, a point 0.05 m beside the rectangle's path is passed, where a circle
     * of the long radius (0.3 m) would hit it.
     */
    @Test
    void aRectangleTurningInPlaceSweepsIntoAPointBesideItsLongSide() {
        double[] beside = cluster(0, 0.24);
        ZoneOptions rect = new ZoneOptions(RECT, 0.05, 0.15, 2);
        for (double w : new double[] {0.5, -0.5}) {
            ScanZone.Answer a = zone(rect, beside, 0, w);
            assertEquals(SafetyPolicy.Action.STOP, a.hit().action(), "w=" + w + ": " + a);
            assertTrue(a.clearance().timeToCollision() < 1.5, "w=" + w + ": " + a);
            ScanZone cz = new ScanZone(() -> 0L, () -> circle(2));
            cz.update(new RobotScan(0, beside, 360, 0));
            ScanZone.Answer c = cz.assess(0, w, 0.2, 3);
            assertEquals(SafetyPolicy.Action.ALLOW, c.hit().action(), "the circle of the short radius");
            assertEquals(Double.POSITIVE_INFINITY, c.clearance().timeToCollision());
        }
        double[] nearPath = cluster(1.0, 0.25);
        ScanZone.Answer passes = zone(rect, nearPath, 0.3, 0);
        assertEquals(Double.POSITIVE_INFINITY, passes.clearance().timeToCollision(), passes::toString);
        assertEquals(SafetyPolicy.Action.ALLOW, passes.hit().action());
        assertTrue(ttc(Footprint.regular(0.3), nearPath, 0.3, 0, H) < 3, "the long radius' circle hits it");
        // the rectangle turning in place clear of everything within its sweep
        assertEquals(SafetyPolicy.Action.ALLOW, zone(rect, cluster(0, 0.40), 0, 0.5).hit().action());
        assertEquals(Double.POSITIVE_INFINITY, zone(rect, cluster(0, 0.40), 0, 0.5).clearance().timeToCollision());
    }

    /** Stop polygon (stop_distance), slow polygon (slow_margin), approach (time to collision), in that order. */
    @Test
    void stopSlowAndApproachZones() {
        ZoneOptions rect = new ZoneOptions(RECT, 0.05, 0.15, 2);
        ScanZone.Answer stop = zone(rect, cluster(0.33, 0), 0.05, 0);
        assertEquals(SafetyPolicy.Action.STOP, stop.hit().action(), stop::toString);
        assertEquals(5, stop.hit().points());
        assertEquals(0.03, stop.hit().nearest(), 1e-9);
        ScanZone.Answer slow = zone(rect, cluster(0.40, 0), 0.05, 0);
        assertEquals(SafetyPolicy.Action.SLOW, slow.hit().action(), slow::toString);
        assertEquals(2.0, slow.clearance().timeToCollision(), 1e-9);
        ScanZone.Answer approach = zone(rect, cluster(1.0, 0), 0.5, 0);
        assertEquals(SafetyPolicy.Action.ALLOW, approach.hit().action());
        assertEquals(1.4, approach.clearance().timeToCollision(), 1e-9);
        assertEquals(0.7, approach.clearance().nearestObstacle(), 1e-9);
        // backing away from the point in the stop polygon, and driving along a wall 3 cm beside the long side
        assertEquals(SafetyPolicy.Action.ALLOW, zone(rect, cluster(0.33, 0), -0.05, 0).hit().action());
        double[] wall = new double[2 * 41];
        for (int i = 0; i <= 40; i++) {
            wall[2 * i] = -1 + i * 0.05;
            wall[2 * i + 1] = 0.23;
        }
        ScanZone.Answer along = zone(rect, wall, 0.3, 0);
        assertEquals(SafetyPolicy.Action.ALLOW, along.hit().action(), along::toString);
        assertEquals(Double.POSITIVE_INFINITY, along.clearance().timeToCollision());
        // the policy turns the hits into actions, with the slow factor applied to the commanded speed
        SafetyPolicy p = new SafetyPolicy(1.0, 0.5, 1.5, 0.5, 0.05, 3, 500_000_000L, 0.1, 0.5);
        SafetyPolicy.Assessment s = p.current(0.05, 0, stop.clearance(), stop.hit());
        assertEquals("clearance.zone", s.id());
        assertTrue(s.reason().contains("stop zone"), s.reason());
        SafetyPolicy.Assessment sl = p.current(0.05, 0, slow.clearance(), slow.hit());
        assertEquals("clearance.zone.slow", sl.id());
        assertEquals(0.025, sl.linear(), 1e-12);
        assertEquals("clearance.zone", p.proposed(0.05, 0, stop.clearance(), stop.hit()).id(),
                "the gate never approves what the tick stops at once");
        assertTrue(p.proposed(0.05, 0, slow.clearance(), slow.hit()).allowed(), "the tick scales it");
        assertEquals("clearance.zone", p.current(0.05, 0, Clearance.unknown(), stop.hit()).id(),
                "the stop polygon stops even without a world model");
    }

    /** min_points: one stray return does not stop the robot, two do; the time to collision is the second contact. */
    @Test
    void minPointsIgnoresASingleReturn() {
        ZoneOptions two = new ZoneOptions(RECT, 0.05, 0.15, 2);
        double[] one = {0.32, 0};
        assertEquals(SafetyPolicy.Action.ALLOW, zone(two, one, 0.1, 0).hit().action());
        assertEquals(Double.POSITIVE_INFINITY, zone(two, one, 0.1, 0).clearance().timeToCollision());
        double[] pair = {0.32, 0, 0.34, 0.05};
        ScanZone.Answer a = zone(two, pair, 0.1, 0);
        assertEquals(SafetyPolicy.Action.STOP, a.hit().action());
        assertEquals(0.4, a.clearance().timeToCollision(), 1e-9, "the second point's contact");
        assertEquals(SafetyPolicy.Action.STOP, zone(new ZoneOptions(RECT, 0.05, 0.15, 1), one, 0.1, 0).hit()
                .action(), "min_points 1: any single return");
    }

    @Test
    void footprintTextIsValidated() {
        Footprint f = Footprint.parse("0.3,0.2; -0.3,0.2; -0.3,-0.2; 0.3,-0.2", 2);
        assertEquals(4, f.vertices());
        assertEquals(Math.hypot(0.3, 0.2), f.circumradius(), 1e-12);
        assertEquals(null, Footprint.parse("  ", 2), "empty: the circle");
        for (String bad : new String[] {"0.3,0.2; -0.3,0.2", "0.3,0.2; -0.3,0.2; x,1", "0.3,0.2; -0.3,0.2; NaN,0",
                "0.3,0.2; -0.3,0.2; 3,0", "0,0; 1,0; 2,0", "0.3,0.2; -0.3,-0.2; -0.3,0.2; 0.3,-0.2",
                "0.3,0.2; 0.3,0.2; -0.3,0.2; 0,-0.2", "0.3 0.2; -0.3,0.2; 0,-0.2"}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> Footprint.parse(bad, 2), bad);
            assertFalse(e.getMessage().isBlank());
        }
    }

    /** The closed form agrees with stepping the footprint along the arc (0.5 ms steps). */
    @Test
    void arcsAgreeWithStepping() {
        Random rnd = new Random(14);
        Footprint[] shapes = {Footprint.regular(R), RECT};
        for (int n = 0; n < 3000; n++) {
            Footprint f = shapes[n % 2];
            double px = rnd.nextDouble() * 6 - 3, py = rnd.nextDouble() * 6 - 3;
            double v = rnd.nextDouble() * 1.6 - 0.8, w = rnd.nextDouble() * 3 - 1.5;
            if (f.distance(px, py) < 0.02) {
                continue;
            }
            double expected = ScanZoneProperties.stepped(f, px, py, v, w, 4, 0.0005);
            double got = ttc(f, new double[] {px, py}, v, w, 4);
            if (Double.isInfinite(expected)) {
                assertTrue(Double.isInfinite(got) || got > 3.99, n + ": " + got + " vs none for " + px + "," + py
                        + " v=" + v + " w=" + w);
            } else {
                assertEquals(expected, got, 0.002, n + ": " + px + "," + py + " v=" + v + " w=" + w);
            }
        }
    }

    @Test
    void aScanMostlyUnknownCannotVouchForFreeSpace() {
        long[] now = {1_000_000_000L};
        ScanZone z = new ScanZone(() -> now[0], () -> circle(1));
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
        ScanZone z = new ScanZone(() -> now[0], () -> circle(1));
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
