package mechos.runtime.internal.behaviours;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.Drive;

/**
 * Picks a body velocity towards a goal that keeps clear of obstacles: a small dynamic-window search over
 * (linear, angular) candidates, each checked against the world model's time to collision, plus a bug-style
 * detour: when the way ahead is blocked it commits to one side and keeps it until it is past the obstacle, so it
 * does not dither left-right in front of it. One instance per goal; ticked by one thread.
 */
final class Navigator {
    private static final double HEADING_ONLY = 1.6;     // rad: goal behind: turn on the spot first
    private static final double AVOID_DISTANCE = 0.8;   // m: an obstacle closer than this ahead starts a detour
    private static final double DETOUR_ANGLE = 1.0;     // rad: aim this far off the goal while detouring
    private static final long DETOUR_HOLD = 2_000_000_000L;
    private static final int ANGULAR_STEPS = 9;
    private static final double LOOKAHEAD = 1.0;        // s
    private static final double CLEAR_CAP = 1.5;        // m of free path that earns the full clearance score

    private final MotionLimits limits;
    private int side;
    private long lastBlocked = Long.MIN_VALUE / 2;

    Navigator(MotionLimits limits) {
        this.limits = limits;
    }

    void reset() {
        side = 0;
    }

    /** @return the command towards {@code goal}; a zero Drive when no candidate is safe */
    Drive command(Pose2D pose, double goalX, double goalY, WorldView world, long nowNanos) {
        double dx = goalX - pose.x();
        double dy = goalY - pose.y();
        double distance = Math.hypot(dx, dy);
        double error = Pose2D.wrap(Math.atan2(dy, dx) - pose.theta());
        Clearance probe = world.clearance(0, 0);
        double vmax = probe.valid() ? limits.maxLinear() : Math.min(limits.maxLinear(), limits.creepLinear());
        vmax = Math.min(vmax, Math.max(0.05, distance * 0.8));

        Clearance ahead = world.clearance(vmax, 0);
        boolean blocked = ahead.valid() && ahead.timeToCollision() * vmax < Math.min(AVOID_DISTANCE, distance);
        if (blocked) {
            if (side == 0) {
                side = chooseSide(world, vmax, error);
            }
            lastBlocked = nowNanos;
        }
        boolean detouring = side != 0 && nowNanos - lastBlocked < DETOUR_HOLD;
        if (!detouring && Math.abs(error) < 0.3 && !blocked) {
            side = 0; // facing the goal with a free way: the obstacle is behind us
        }
        double target = detouring ? Pose2D.wrap(error + side * DETOUR_ANGLE) : error;

        double turn = Math.copySign(Math.min(limits.maxAngular(), Math.max(0.3, Math.abs(target) * 1.5)), target);
        if (Math.abs(target) > HEADING_ONLY) {
            return safe(world, 0, turn) ? new Drive(0, turn) : new Drive(0, 0);
        }
        Drive best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double vf : new double[] {1.0, 0.6, 0.3, 0.0}) {
            double v = vmax * vf;
            for (int i = 0; i < ANGULAR_STEPS; i++) {
                double w = -limits.maxAngular() + 2 * limits.maxAngular() * i / (ANGULAR_STEPS - 1);
                if (v == 0 && Math.abs(w) < 1e-9) {
                    continue; // standing still is always "safe" and never gets anywhere
                }
                Clearance c = world.clearance(v, w);
                if (c.valid() && c.timeToCollision() < limits.minTimeToCollision()) {
                    continue;
                }
                // Face the target, keep moving, prefer paths with more free way (in metres, so creeping
                // slowly towards an obstacle earns nothing).
                double heading = Math.abs(Pose2D.wrap(target - w * LOOKAHEAD));
                double freeWay = v == 0 ? 0 : c.valid() ? Math.min(c.timeToCollision() * v, CLEAR_CAP) : CLEAR_CAP;
                double score = -heading + 0.3 * vf + 0.5 * freeWay / CLEAR_CAP;
                if (score > bestScore) {
                    bestScore = score;
                    best = new Drive(v, w);
                }
            }
        }
        return best != null ? best : new Drive(0, 0);
    }

    /** The side (+1 left, -1 right) whose turning path stays clear longer; ties go towards the goal. */
    private int chooseSide(WorldView world, double v, double error) {
        double w = limits.maxAngular() * 0.75;
        Clearance left = world.clearance(v * 0.5, w);
        Clearance right = world.clearance(v * 0.5, -w);
        double l = left.valid() ? left.timeToCollision() : Double.POSITIVE_INFINITY;
        double r = right.valid() ? right.timeToCollision() : Double.POSITIVE_INFINITY;
        if (l == r) {
            return error >= 0 ? 1 : -1;
        }
        return l > r ? 1 : -1;
    }

    private boolean safe(WorldView world, double v, double w) {
        Clearance c = world.clearance(v, w);
        return !c.valid() || c.timeToCollision() >= limits.minTimeToCollision();
    }
}
