package mechos.kernel.internal.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 14: the polygon time to collision is never later than the true contact. The truth is found by stepping the
 * footprint along the commanded twist in fine steps (the first step at which the point lies inside the footprint
 * is at or after the true contact); the closed form must not be later than that, and at the time it reports the
 * point must really be on the footprint (not a made-up early contact).
 */
class ScanZoneProperties {
    private static final double HORIZON = 3;
    private static final double DT = 0.0005;

    /** A random star-shaped (hence simple) polygon about base_link: 3..9 vertices at increasing angles. */
    @Provide
    Arbitrary<Footprint> footprints() {
        return Arbitraries.integers().between(3, 9).flatMap(n -> Combinators.combine(
                Arbitraries.doubles().between(0.1, 0.5).list().ofSize(n),
                Arbitraries.doubles().between(0.1, 0.9).list().ofSize(n)).as((radii, jitter) -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        double a = (i + jitter.get(i)) * 2 * Math.PI / n;
                        b.append(i == 0 ? "" : "; ").append(radii.get(i) * Math.cos(a)).append(',')
                                .append(radii.get(i) * Math.sin(a));
                    }
                    return Footprint.parse(b.toString(), 2);
                }));
    }

    @Property(tries = 400)
    void polygonTimeToCollisionIsNeverLaterThanTheTrueContact(@ForAll("footprints") Footprint f,
            @ForAll("coordinate") double px, @ForAll("coordinate") double py,
            @ForAll("linear") double v, @ForAll("angular") double w) {
        if (f.distance(px, py) < 1e-3) {
            return; // a point already on or in the footprint has no entry
        }
        double got = ScanZone.evaluate(f, new double[] {px, py}, v, w, HORIZON, 0.05, 0.15, 1).timeToCollision();
        double truth = stepped(f, px, py, v, w, HORIZON, DT);
        assertTrue(got <= truth + 1e-9, "closed form " + got + " s later than stepping " + truth + " s for (" + px
                + ", " + py + ") v=" + v + " w=" + w + " footprint " + f);
        if (Double.isFinite(got)) {
            double[] q = inRobotFrame(px, py, v, w, got);
            assertTrue(f.distance(q[0], q[1]) < 1e-6, "no contact at the reported " + got + " s: the point is "
                    + f.distance(q[0], q[1]) + " m from footprint " + f);
        }
    }

    @Provide
    Arbitrary<Double> coordinate() {
        return Arbitraries.doubles().between(-2.5, 2.5);
    }

    @Provide
    Arbitrary<Double> linear() {
        return Arbitraries.oneOf(Arbitraries.just(0.0), Arbitraries.doubles().between(-1, 1));
    }

    @Provide
    Arbitrary<Double> angular() {
        return Arbitraries.oneOf(Arbitraries.just(0.0), Arbitraries.doubles().between(-2, 2));
    }

    /** The fixed point in the robot's frame after t s at the constant twist (exact pose on the line or arc). */
    static double[] inRobotFrame(double px, double py, double v, double w, double t) {
        double x, y, th = w * t;
        if (Math.abs(w) < 1e-9) {
            x = v * t;
            y = 0;
        } else {
            x = v / w * Math.sin(th);
            y = v / w * (1 - Math.cos(th));
        }
        double dx = px - x, dy = py - y, c = Math.cos(th), s = Math.sin(th);
        return new double[] {c * dx + s * dy, -s * dx + c * dy};
    }

    /** @return the first step time at which the point lies in the footprint, +∞ if none up to the horizon */
    static double stepped(Footprint f, double px, double py, double v, double w, double horizon, double dt) {
        for (int i = 0; i * dt <= horizon; i++) {
            double[] q = inRobotFrame(px, py, v, w, i * dt);
            if (f.contains(q[0], q[1])) {
                return i * dt;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
