package mechos.runtime.internal.behaviours;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Clearance;
import mechos.kernel.api.Drive;

/**
 * Picks a body velocity towards a goal that keeps clear of obstacles: a small dynamic-window search over
 * (linear, angular) candidates, each checked against the world model's time to collision. Pure function of
 * its inputs; no state.
 */
final class Navigator {
    private static final double HEADING_ONLY = 0.7; // rad: turn on the spot first when the goal is this far off
    private static final int ANGULAR_STEPS = 9;
    private static final double LOOKAHEAD = 1.0; // s

    private final MotionLimits limits;

    Navigator(MotionLimits limits) {
        this.limits = limits;
    }

    /** @return the command towards {@code goal}; a zero Drive when no candidate is safe */
    Drive command(Pose2D pose, double goalX, double goalY, WorldView world) {
        double dx = goalX - pose.x();
        double dy = goalY - pose.y();
        double distance = Math.hypot(dx, dy);
        double error = Pose2D.wrap(Math.atan2(dy, dx) - pose.theta());
        double turn = Math.copySign(Math.min(limits.maxAngular(), Math.max(0.3, Math.abs(error) * 1.5)), error);
        if (Math.abs(error) > HEADING_ONLY) {
            return new Drive(0, turn);
        }
        Clearance probe = world.clearance(0, 0);
        double vmax = probe.valid() ? limits.maxLinear() : Math.min(limits.maxLinear(), limits.creepLinear());
        vmax = Math.min(vmax, Math.max(0.05, distance * 0.8));
        Drive best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double vf : new double[] {1.0, 0.6, 0.3}) {
            double v = vmax * vf;
            for (int i = 0; i < ANGULAR_STEPS; i++) {
                double w = -limits.maxAngular() + 2 * limits.maxAngular() * i / (ANGULAR_STEPS - 1);
                if (!safe(world, v, w)) {
                    continue;
                }
                double heading = Math.abs(Pose2D.wrap(error - w * LOOKAHEAD));
                double score = -heading + 0.3 * vf;
                if (score > bestScore) {
                    bestScore = score;
                    best = new Drive(v, w);
                }
            }
        }
        if (best != null) {
            return best;
        }
        // Nothing forward is safe: turn on the spot (a round robot turning in place sweeps no new area).
        return safe(world, 0, turn) ? new Drive(0, turn) : new Drive(0, 0);
    }

    private boolean safe(WorldView world, double v, double w) {
        Clearance c = world.clearance(v, w);
        if (!c.valid()) {
            return true; // no world model: the kernel's conservative creep limit applies
        }
        return c.timeToCollision() >= limits.minTimeToCollision();
    }
}
