package mechos.kernel.internal.policy;

import mechos.kernel.api.Clearance;

/**
 * The one safety policy for motion of the drive base: the gate assesses a <em>proposed</em> velocity (the
 * {@code clearance} rule) and the safety tick the <em>current</em> one, both against this one configuration
 * (PID {@code mechos.kernel}) and the same world-model answer. Pure: no clock, no thread, no I/O; the caller
 * asks the world model ({@link #horizon()}) and passes the answer, whose {@link Clearance#dataAgeNanos()} was
 * measured by the world model when it answered.
 *
 * <p>Zones, from the obstacle outwards: time to collision below {@code stopTtc} (or a contact less than
 * {@code stopDistance} of travel away along the commanded path, which matters at low speed) → controlled stop; below {@code slowTtc} → slow by {@code slowFactor}; a new
 * command is approved only with a time to collision of at least {@code minTtc} (≥ {@code stopTtc}, so the gate
 * never approves what the tick would stop at once). Without a valid, fresh answer only creep speed is allowed,
 * by the gate and by the tick alike.
 */
public record SafetyPolicy(double minTtc, double stopTtc, double slowTtc, double slowFactor, double stopDistance,
        double horizon, long maxAgeNanos, double creepLinear, double creepAngular) {

    /** What to do with a motion. */
    public enum Action {
        /** allowed as it is */
        ALLOW,
        /** allowed only at the returned (lower) speed */
        SLOW,
        /** not allowed: a proposed command is rejected, the current motion makes a controlled stop */
        STOP
    }

    /**
     * @param action  what to do
     * @param linear  the speed allowed (for SLOW), otherwise the speed assessed
     * @param angular same for turning
     * @param id      violation id ({@code clearance.creep}, {@code clearance.ttc}, {@code clearance.distance}) or
     *                empty when allowed
     * @param reason  for people; empty when allowed
     */
    public record Assessment(Action action, double linear, double angular, String id, String reason) {
        public boolean allowed() {
            return action == Action.ALLOW;
        }
    }

    /**
     * What the raw-scan zone's stop and slow polygons say about a motion (internal to the kernel: the zone is the
     * kernel's own, not the world model's).
     *
     * @param action  STOP (points in the stop polygon on the path), SLOW (in the slow polygon), ALLOW (none)
     * @param points  how many points
     * @param nearest m from the footprint to the nearest of them (min_points-th nearest)
     * @param margin  the polygon's margin around the footprint (m)
     */
    public record ZoneHit(Action action, int points, double nearest, double margin) {
        public static final ZoneHit NONE = new ZoneHit(Action.ALLOW, 0, Double.POSITIVE_INFINITY, 0);
    }

    public SafetyPolicy {
        if (!(minTtc >= stopTtc)) {
            throw new IllegalArgumentException("min_ttc (" + minTtc + " s) must be at least stop_ttc (" + stopTtc
                    + " s): the gate would approve what the tick stops at once");
        }
        if (!(slowTtc >= stopTtc)) {
            throw new IllegalArgumentException("slow_ttc (" + slowTtc + " s) must be at least stop_ttc (" + stopTtc
                    + " s)");
        }
    }

    /** @return true when the answer is usable: present, valid and fresh */
    public boolean known(Clearance c) {
        return c != null && c.valid() && c.dataAgeNanos() <= maxAgeNanos;
    }

    /**
     * A new command (the gate). Rejected (STOP) when it exceeds creep speed without a usable world model, or its
     * time to collision is below {@code minTtc}, or it is in the tick's stop zone.
     *
     * @param c the world model's answer for this velocity, null when there is no world model
     */
    public Assessment proposed(double linear, double angular, Clearance c) {
        return proposed(linear, angular, c, ZoneHit.NONE);
    }

    /**
     * A new command with the raw-scan zone's polygons: a command the tick's stop polygon would stop is rejected
     * (whatever the world model says); the slow polygon does not reject (the tick scales the speed).
     */
    public Assessment proposed(double linear, double angular, Clearance c, ZoneHit zone) {
        if (linear == 0 && angular == 0) {
            return allow(linear, angular);
        }
        if (zone != null && zone.action() == Action.STOP) {
            return zoneStop(linear, angular, zone);
        }
        if (!known(c)) {
            String why = c == null ? "no world model" : "world model cannot answer or is stale";
            StringBuilder r = new StringBuilder();
            if (!(Math.abs(linear) <= creepLinear)) {
                r.append(why).append(": linear ").append(linear).append(" m/s exceeds the creep speed ")
                        .append(creepLinear).append(" m/s");
            }
            if (!(Math.abs(angular) <= creepAngular)) {
                r.append(r.length() == 0 ? why + ": " : "; ").append("angular ").append(angular)
                        .append(" rad/s exceeds the creep turn rate ").append(creepAngular).append(" rad/s");
            }
            return r.length() == 0 ? allow(linear, angular)
                    : new Assessment(Action.STOP, linear, angular, "clearance.creep", r.toString());
        }
        if (c.timeToCollision() < minTtc) {
            return new Assessment(Action.STOP, linear, angular, "clearance.ttc", String.format(
                    "time to collision %.2f s at (%.2f m/s, %.2f rad/s) is below %.2f s (nearest obstacle %.2f m)",
                    c.timeToCollision(), linear, angular, minTtc, c.nearestObstacle()));
        }
        if (contactWithinStopDistance(linear, c)) {
            return new Assessment(Action.STOP, linear, angular, "clearance.distance", String.format(
                    "obstacle %.2f m along the path is inside the stop distance %.2f m (nearest %.2f m)",
                    c.timeToCollision() * Math.abs(linear), stopDistance, c.nearestObstacle()));
        }
        return allow(linear, angular);
    }

    /**
     * The motion being carried out (the tick).
     *
     * @param c the world model's answer for this velocity, null when there is no world model (then the kernel
     *          limits new commands to creep speed and leaves the current one to the lease)
     */
    public Assessment current(double linear, double angular, Clearance c) {
        return current(linear, angular, c, ZoneHit.NONE);
    }

    /**
     * The motion being carried out, with the raw-scan zone's polygons: the stop polygon stops it whatever the world
     * model says (even while the world model is unknown); the slow polygon scales it by {@code slowFactor}
     * (violation id {@code clearance.zone.slow}: the tick applies it once per command, not compounded per tick)
     * when nothing more severe applies.
     */
    public Assessment current(double linear, double angular, Clearance c, ZoneHit zone) {
        if (linear == 0 && angular == 0) {
            return allow(linear, angular);
        }
        if (zone != null && zone.action() == Action.STOP) {
            return zoneStop(linear, angular, zone);
        }
        Assessment a = approach(linear, angular, c);
        if (a.action() == Action.ALLOW && zone != null && zone.action() == Action.SLOW && slowFactor < 1) {
            return new Assessment(Action.SLOW, linear * slowFactor, angular * slowFactor, "clearance.zone.slow",
                    String.format("slow zone: %d scan points on the path within %.2f m of the footprint, nearest"
                            + " %.2f m", zone.points(), zone.margin(), zone.nearest()));
        }
        return a;
    }

    private static Assessment zoneStop(double linear, double angular, ZoneHit zone) {
        return new Assessment(Action.STOP, linear, angular, "clearance.zone", String.format(
                "stop zone: %d scan points on the path within %.2f m of the footprint, nearest %.2f m",
                zone.points(), zone.margin(), zone.nearest()));
    }

    /** The world model's (and the zone's approach) answer for a moving command. */
    private Assessment approach(double linear, double angular, Clearance c) {
        if (c == null) {
            return allow(linear, angular);
        }
        if (!known(c)) {
            if (Math.abs(linear) > creepLinear || Math.abs(angular) > creepAngular) {
                return new Assessment(Action.SLOW, clamp(linear, creepLinear), clamp(angular, creepAngular),
                        "clearance.creep", "world model unavailable or stale: creep speed");
            }
            return allow(linear, angular);
        }
        if (c.timeToCollision() < stopTtc || contactWithinStopDistance(linear, c)) {
            return new Assessment(Action.STOP, linear, angular, "clearance.ttc", String.format(
                    "obstacle: time to collision %.2f s (stop below %.2f s), nearest %.2f m", c.timeToCollision(),
                    stopTtc, c.nearestObstacle()));
        }
        if (c.timeToCollision() < slowTtc && slowFactor < 1) {
            return new Assessment(Action.SLOW, linear * slowFactor, angular * slowFactor, "clearance.slow",
                    String.format("slow zone: time to collision %.2f s", c.timeToCollision()));
        }
        return allow(linear, angular);
    }

    /**
     * The stop distance counts along the commanded path, not in every direction: the distance the footprint travels
     * before its first contact ({@code timeToCollision × |linear|}, an arc's length for a turning command) is below
     * {@code stopDistance}. An obstacle beside or behind the robot (the nearest obstacle, whatever its direction)
     * does not stop a motion that leaves it: a robot that stopped next to a wall, or that a peer's growing
     * footprint reached, can drive away, as the raw-scan zone already allows.
     */
    private boolean contactWithinStopDistance(double linear, Clearance c) {
        return linear != 0 && c.timeToCollision() * Math.abs(linear) < stopDistance;
    }

    private static Assessment allow(double linear, double angular) {
        return new Assessment(Action.ALLOW, linear, angular, "", "");
    }

    private static double clamp(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    /** Lets a rule in this bundle reach the kernel's policy through its {@code RuleContext}. */
    public interface Holder {
        SafetyPolicy policy();

        /** @return what the kernel's raw-scan zone says about a proposed velocity ({@link ZoneHit#NONE} without one) */
        default ZoneHit zone(double linear, double angular) {
            return ZoneHit.NONE;
        }
    }
}
