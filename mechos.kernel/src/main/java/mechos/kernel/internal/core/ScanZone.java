package mechos.kernel.internal.core;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import mechos.kernel.api.Clearance;
import mechos.kernel.api.ClearanceQuery;
import mechos.kernel.api.RobotScan;
import mechos.kernel.internal.policy.SafetyPolicy;

/**
 * The stop zone that does not depend on the map (what Nav2's collision monitor does): the commanded motion is
 * checked against the latest raw scan in the robot frame, with the robot's footprint polygon ({@link Footprint};
 * default: the footprint radius as a regular 16-gon containing the circle) and three zones:
 * <ul>
 * <li><b>stop</b>: at least {@code min_points} points within {@code stop_distance} of the footprint (the footprint
 * grown by that margin) that the motion carries the footprint into within the horizon → stop
 * ({@link SafetyPolicy.ZoneHit});</li>
 * <li><b>slow</b>: the same within {@code slow_margin} → the speed is scaled once by {@code slow_factor};</li>
 * <li><b>approach</b>: the time to collision of the footprint polygon simulated along the commanded twist (a
 * straight line or an arc about the instantaneous centre of rotation, solved exactly per edge), the
 * {@code min_points}-th earliest contact, judged by the one {@link SafetyPolicy} with the same envelope-bounded
 * thresholds as the world model's answer (stop_ttc, slow_ttc for the tick; min_ttc for a new command, which is
 * the hysteresis band: motion stopped below stop_ttc is admitted again only at min_ttc).</li>
 * </ul>
 * A point already inside the footprint blocks only if the motion takes it deeper. Turning in place is allowed
 * when the rotating polygon does not sweep into a point (a non-circular footprint can). Unknown beams are never
 * free: a scan with more than half of its beams unknown cannot vouch for free space at all, and, per direction,
 * a motion whose direction of travel lies in an unknown sector (at least half of the beams within the footprint's
 * angular width, seen from the footprint {@link #SECTOR_DISTANCE_MAX} ahead, unknown) cannot either: the answer
 * is invalid, which the policy turns into creep speed.
 *
 * <p>Thread-safe; the latest scan is swapped atomically. Cost: points farther than the footprint can travel within
 * the horizon cost one comparison; the others one pass over the footprint's edges ({@code bench/REPORT-perception.md}).
 */
public final class ScanZone implements ClearanceQuery {
    /** Above this fraction of unknown beams the scan says nothing about free space. */
    static final double MAX_UNKNOWN_FRACTION = 0.5;
    /** The travel sector is the footprint's angular width seen from this far along the path (m), at most. */
    static final double SECTOR_DISTANCE_MAX = 1.0;

    private record Latest(RobotScan scan, long receivedNanos) {
    }

    /**
     * The zone's answer for one motion.
     *
     * @param clearance the approach part, in the world model's terms (time to collision, nearest point on the
     *                  path, data age, validity)
     * @param hit       the stop / slow polygons
     */
    public record Answer(Clearance clearance, SafetyPolicy.ZoneHit hit) {
    }

    /**
     * What the points on the path say.
     *
     * @param timeToCollision the min_points-th earliest contact within the horizon, +∞ if none
     * @param nearest         m from the footprint to the min_points-th nearest point on the path, +∞ if none
     * @param stopPoints      points on the path within the stop margin
     * @param slowPoints      points on the path within the slow margin
     */
    record Result(double timeToCollision, double nearest, int stopPoints, int slowPoints) {
    }

    /** The last assessment: the tick asks for the clearance and for the polygons of the same motion in turn. */
    private record Memo(Latest scan, ZoneOptions options, double linear, double angular, double radius,
            double horizon, Answer answer) {
    }

    private final AtomicReference<Latest> latest = new AtomicReference<>();
    private final AtomicReference<Memo> memo = new AtomicReference<>();
    private final LongSupplier clock;
    private final Supplier<ZoneOptions> options;
    private record Regular(double radius, Footprint footprint) {
    }

    private final AtomicReference<Regular> regular = new AtomicReference<>(new Regular(1, Footprint.regular(1)));

    /**
     * @param options the zone's configuration, read at every assessment (a configuration change applies at once)
     */
    public ScanZone(LongSupplier clock, Supplier<ZoneOptions> options) {
        this.clock = clock;
        this.options = options;
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
        return assess(linear, angular, footprintRadius, horizonSeconds).clearance();
    }

    /**
     * @param footprintRadius the drive's footprint radius (used when no polygon is configured)
     * @return the zone's answer (never null)
     */
    public Answer assess(double linear, double angular, double footprintRadius, double horizonSeconds) {
        Latest l = latest.get();
        if (l == null) {
            return new Answer(Clearance.unknown(), SafetyPolicy.ZoneHit.NONE);
        }
        long age = Math.max(0, clock.getAsLong() - l.receivedNanos());
        RobotScan s = l.scan();
        ZoneOptions o = options.get();
        Memo m = memo.get();
        if (m != null && m.scan() == l && m.options() == o && m.linear() == linear && m.angular() == angular
                && m.radius() == footprintRadius && m.horizon() == horizonSeconds) {
            return new Answer(new Clearance(m.answer().clearance().timeToCollision(),
                    m.answer().clearance().nearestObstacle(), age, m.answer().clearance().valid()), m.answer().hit());
        }
        Answer a = compute(s, age, o, linear, angular, footprintRadius, horizonSeconds);
        memo.set(new Memo(l, o, linear, angular, footprintRadius, horizonSeconds, a));
        return a;
    }

    private Answer compute(RobotScan s, long age, ZoneOptions o, double linear, double angular,
            double footprintRadius, double horizonSeconds) {
        if (s.beams() <= 0 || s.unknown() > s.beams() * MAX_UNKNOWN_FRACTION
                || !Double.isFinite(linear) || !Double.isFinite(angular) || !(footprintRadius > 0)) {
            return new Answer(new Clearance(0, 0, age, false), SafetyPolicy.ZoneHit.NONE);
        }
        Footprint f = o.polygon() != null ? o.polygon() : regular(footprintRadius);
        Result r = evaluate(f, s.xy(), linear, angular, horizonSeconds, o.stopMargin(), o.slowMargin(),
                o.minPoints());
        SafetyPolicy.ZoneHit hit = r.stopPoints() >= o.minPoints()
                ? new SafetyPolicy.ZoneHit(SafetyPolicy.Action.STOP, r.stopPoints(), r.nearest(), o.stopMargin())
                : r.slowPoints() >= o.minPoints()
                        ? new SafetyPolicy.ZoneHit(SafetyPolicy.Action.SLOW, r.slowPoints(), r.nearest(),
                                o.slowMargin())
                        : SafetyPolicy.ZoneHit.NONE;
        return new Answer(new Clearance(r.timeToCollision(), r.nearest(), age,
                !unknownAhead(s, linear, angular, f.circumradius(), horizonSeconds)), hit);
    }

    private Footprint regular(double radius) {
        Regular r = regular.get();
        if (r.radius() != radius) {
            r = new Regular(radius, Footprint.regular(radius));
            regular.set(r);
        }
        return r.footprint();
    }

    /**
     * The footprint simulated along the twist against every point: contact times within the horizon, distances
     * of the points on the path, and how many of those lie in the stop and slow polygons.
     */
    static Result evaluate(Footprint f, double[] xy, double v, double w, double horizon, double stopMargin,
            double slowMargin, int minPoints) {
        if ((v == 0 && w == 0) || !(horizon > 0)) {
            return new Result(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0);
        }
        double[] times = new double[minPoints];
        double[] dists = new double[minPoints];
        Arrays.fill(times, Double.POSITIVE_INFINITY);
        Arrays.fill(dists, Double.POSITIVE_INFINITY);
        double circum = f.circumradius();
        double reach = circum + Math.abs(v) * horizon;
        double reach2 = reach * reach, circum2 = circum * circum;
        int stop = 0, slow = 0;
        for (int i = 0; i < xy.length; i += 2) {
            double px = xy[i], py = xy[i + 1];
            double p2 = px * px + py * py;
            if (!(p2 <= reach2)) {
                continue; // farther than the footprint can travel within the horizon (or not a number)
            }
            double t, d;
            if (p2 <= circum2 && f.contains(px, py)) {
                if (!f.deeper(px, py, v, w)) {
                    continue;
                }
                t = 0;
                d = 0;
            } else {
                t = f.entryTime(px, py, v, w);
                if (!(t <= horizon)) {
                    continue;
                }
                d = f.boundaryDistance(px, py);
            }
            insert(times, t);
            insert(dists, d);
            if (d <= stopMargin) {
                stop++;
            }
            if (d <= slowMargin) {
                slow++;
            }
        }
        return new Result(times[minPoints - 1], dists[minPoints - 1], stop, slow);
    }

    /** Keeps the smallest values in ascending order. */
    private static void insert(double[] smallest, double value) {
        int n = smallest.length;
        if (!(value < smallest[n - 1])) {
            return;
        }
        int i = n - 1;
        while (i > 0 && smallest[i - 1] > value) {
            smallest[i] = smallest[i - 1];
            i--;
        }
        smallest[i] = value;
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

    private static double wrap(double a) {
        double x = Math.IEEEremainder(a, 2 * Math.PI);
        return x <= -Math.PI ? x + 2 * Math.PI : x;
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
