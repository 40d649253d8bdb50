package mechos.kernel.internal.core;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.RobotScan;

/**
 * The stop zone that does not depend on the map (what Nav2's collision monitor does): the commanded motion is
 * checked against the latest raw scan in the robot frame. It answers the same question as the world model
 * ({@link Clearance}) so that the kernel's one {@link mechos.kernel.internal.policy.SafetyPolicy} judges both with
 * the same, envelope-bounded thresholds (stop_ttc, slow_ttc, stop_distance for the tick; min_ttc for a new
 * command, which is the hysteresis band: motion stopped below stop_ttc is admitted again only at min_ttc).
 *
 * <p>Geometry: the circular footprint moves at the constant body velocity (a straight line or an arc about the
 * instantaneous centre of rotation); for each returned point the time at which it would enter the footprint is
 * solved in closed form. A point already inside the footprint blocks only if the motion brings the footprint's
 * centre closer to it, so turning in place (the circle does not sweep) and moving away are allowed.
 * {@code nearestObstacle} is measured from the footprint's edge to the nearest point on the side the robot drives
 * towards (+∞ when turning in place). Unknown beams are never free: a scan with more than half of its beams
 * unknown cannot vouch for free space at all, and, per direction, a motion whose direction of travel lies in an
 * unknown sector (at least half of the beams within the footprint's angular width, seen from the footprint
 * {@link #SECTOR_DISTANCE_MAX} ahead, unknown) cannot either: the answer is invalid, which the policy turns into
 * creep speed. Turning in place has no direction of travel (the circular footprint does not sweep).
 *
 * <p>Thread-safe; the latest scan is swapped atomically. Cost: a few arithmetic operations per point.
 */
public final class ScanZone implements ClearanceQuery {
    /** Above this fraction of unknown beams the scan says nothing about free space. */
    static final double MAX_UNKNOWN_FRACTION = 0.5;
    /** The travel sector is the footprint's angular width seen from this far along the path (m), at most. */
    static final double SECTOR_DISTANCE_MAX = 1.0;

    private record Latest(RobotScan scan, long receivedNanos) {
    }

    private final AtomicReference<Latest> latest = new AtomicReference<>();
    private final LongSupplier clock;

    public ScanZone(LongSupplier clock) {
        this.clock = clock;
    }

    /** A new scan arrived (any thread). */
    public void update(RobotScan scan) {
        if (scan != null) {
            latest.set(new Latest(scan, clock.getAsLong()));
        }
    }

    /** @return true once a scan has arrived */
    public boolean active() {
        return latest.get() != null;
    }

    @Override
    public Clearance clearance(double linear, double angular, double footprintRadius, double horizonSeconds) {
        Latest l = latest.get();
        if (l == null) {
            return Clearance.unknown();
        }
        long age = Math.max(0, clock.getAsLong() - l.receivedNanos());
        RobotScan s = l.scan();
        if (s.beams() <= 0 || s.unknown() > s.beams() * MAX_UNKNOWN_FRACTION
                || !Double.isFinite(linear) || !Double.isFinite(angular) || !(footprintRadius > 0)) {
            return new Clearance(0, 0, age, false);
        }
        return new Clearance(timeToCollision(s.xy(), linear, angular, footprintRadius, horizonSeconds),
                nearestAhead(s.xy(), linear, footprintRadius), age,
                !unknownAhead(s, linear, angular, footprintRadius, horizonSeconds));
    }

    /**
     * @return true if the direction of travel lies in an unknown sector: the bearing from the robot to where the
     *         footprint's centre is after {@code L = clamp(|v| · horizon, 2r, 1 m)} of travel, ± the footprint's
     *         half-width seen from there ({@code atan(r / L)}); unknown when at least half of the beams that fit
     *         in that sector (by the scan's beam spacing, at least one) are unknown
     */
    static boolean unknownAhead(RobotScan s, double v, double w, double r, double horizon) {
        double[] bearings = s.unknownBearings();
        if (v == 0 || bearings.length == 0) {
            return false;
        }
        double len = Math.min(SECTOR_DISTANCE_MAX, Math.max(2 * r, Math.abs(v) * (horizon > 0 ? horizon : 0)));
        double t = len / Math.abs(v), x, y;
        if (Math.abs(w) < 1e-9) {
            x = v * t;
            y = 0;
        } else {
            x = v / w * Math.sin(w * t);
            y = v / w * (1 - Math.cos(w * t));
        }
        double travel = Math.atan2(y, x), half = Math.atan2(r, Math.hypot(x, y));
        int inSector = 0;
        for (double b : bearings) {
            if (Math.abs(wrap(b - travel)) <= half) {
                inSector++;
            }
        }
        int fits = Math.max(1, (int) Math.floor(2 * half / s.beamSpacing()));
        return inSector > 0 && inSector >= Math.max(1, (int) Math.ceil(fits * MAX_UNKNOWN_FRACTION));
    }

    /** @return s until the footprint touches a point, +∞ if none within the horizon */
    static double timeToCollision(double[] xy, double v, double w, double r, double horizon) {
        double best = Double.POSITIVE_INFINITY;
        if (v == 0 && w == 0) {
            return best;
        }
        boolean straight = Math.abs(w) < 1e-9;
        double radius = straight ? 0 : v / w;
        double r2 = r * r;
        for (int i = 0; i < xy.length; i += 2) {
            double px = xy[i], py = xy[i + 1];
            double t = straight ? straightEntry(px, py, v, r2) : arcEntry(px, py, radius, w, r, r2);
            if (t < best) {
                best = t;
                if (best == 0) {
                    return 0;
                }
            }
        }
        return best <= horizon ? best : Double.POSITIVE_INFINITY;
    }

    /** Centre at (v t, 0). */
    private static double straightEntry(double px, double py, double v, double r2) {
        double half2 = r2 - py * py;
        if (half2 < 0) {
            return Double.POSITIVE_INFINITY;
        }
        double half = Math.sqrt(half2);
        if (Math.abs(px) <= half) {
            return px * v > 0 ? 0 : Double.POSITIVE_INFINITY; // inside: blocks only if driving towards it
        }
        double t = (px - Math.signum(v) * half) / v;
        return t >= 0 ? t : Double.POSITIVE_INFINITY;
    }

    /**
     * Centre on a circle of radius |R| about the ICR at (0, R), at polar angle a0 + w t (a0 = -π/2 for R > 0,
     * +π/2 for R < 0). With the point at polar (ρ, ψ) about the ICR, d² = R² + ρ² - 2|R|ρ cos(Δ), Δ = a0 + w t - ψ;
     * it is inside when cos Δ ≥ k = (R² + ρ² - r²) / (2|R|ρ).
     */
    private static double arcEntry(double px, double py, double radius, double w, double r, double r2) {
        double qx = px, qy = py - radius;
        double rho = Math.hypot(qx, qy);
        double absR = Math.abs(radius);
        if (absR < 1e-9) {
            // turning in place: the circle does not sweep; a point inside blocks nothing new
            return Double.POSITIVE_INFINITY;
        }
        if (rho < 1e-12) {
            return Double.POSITIVE_INFINITY; // the ICR itself: the distance never changes
        }
        double k = (radius * radius + rho * rho - r2) / (2 * absR * rho);
        if (k > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double a0 = radius > 0 ? -Math.PI / 2 : Math.PI / 2;
        double d0 = wrap(a0 - Math.atan2(qy, qx));
        if (k <= -1) {
            return Double.POSITIVE_INFINITY; // inside along the whole circle: the distance does not shrink to it
        }
        double half = Math.acos(k);
        if (Math.abs(d0) <= half) {
            return Math.sin(d0) * w < 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        double travel = w > 0 ? positive(-half - d0) : positive(d0 - half);
        return travel / Math.abs(w);
    }

    /** @return m from the footprint's edge to the nearest point on the side driven towards; +∞ if none */
    static double nearestAhead(double[] xy, double v, double r) {
        if (v == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < xy.length; i += 2) {
            if (xy[i] * v > 0) {
                best = Math.min(best, Math.hypot(xy[i], xy[i + 1]));
            }
        }
        return best == Double.POSITIVE_INFINITY ? best : Math.max(0, best - r);
    }

    private static double wrap(double a) {
        double x = Math.IEEEremainder(a, 2 * Math.PI);
        return x <= -Math.PI ? x + 2 * Math.PI : x;
    }

    private static double positive(double a) {
        double x = a % (2 * Math.PI);
        return x < 0 ? x + 2 * Math.PI : x;
    }

    /**
     * The world model and the stop zone together: the more severe answer of the two (shorter time to collision,
     * nearer obstacle, older data; invalid if either is). Without a scan yet, the world model alone; without a
     * world model, the zone alone.
     */
    static Clearance combine(Clearance map, Clearance zone) {
        if (zone == null) {
            return map;
        }
        if (map == null) {
            return zone;
        }
        return new Clearance(Math.min(map.timeToCollision(), zone.timeToCollision()),
                Math.min(map.nearestObstacle(), zone.nearestObstacle()),
                Math.max(map.dataAgeNanos(), zone.dataAgeNanos()), map.valid() && zone.valid());
    }
}
