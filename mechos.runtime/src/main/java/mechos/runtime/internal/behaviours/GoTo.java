package mechos.runtime.internal.behaviours;

import java.util.Optional;
import java.util.function.LongSupplier;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Stop;
import mechos.runtime.api.bt.Blackboard;
import mechos.runtime.api.bt.Node;
import mechos.runtime.api.bt.Status;

/**
 * Drives to a point with obstacle avoidance; SUCCESS within the goal tolerance (after a Stop), FAILURE without
 * a pose or when no progress was made for the stuck timeout, RUNNING otherwise. Every command goes through the
 * kernel; a rejected command is not retried blindly: the next tick computes a new one from the new situation.
 * While it steers, the goal is reported to its {@link GoalSink}; reaching it, giving up and a halt clear it.
 */
final class GoTo implements Node {
    private final String name;
    private final double x;
    private final double y;
    private final IntentSink sink;
    private final WorldView world;
    private final Navigator navigator;
    private final MotionLimits limits;
    private final LongSupplier clock;
    private final GoalSink goals;
    private static final long REJECTION_BACKOFF = 1_000_000_000L;

    private double bestDistance = Double.POSITIVE_INFINITY;
    private long bestAt;
    private long retryAt = Long.MIN_VALUE / 2;

    GoTo(String name, double x, double y, IntentSink sink, WorldView world, MotionLimits limits, LongSupplier clock,
            GoalSink goals) {
        this.name = name;
        this.goals = goals;
        this.x = x;
        this.y = y;
        this.sink = sink;
        this.world = world;
        this.navigator = new Navigator(limits);
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Status tick(Blackboard bb) {
        Optional<Pose2D> pose = world.pose();
        if (pose.isEmpty() || !pose.get().isFinite()) {
            return Status.FAILURE;
        }
        double distance = Math.hypot(x - pose.get().x(), y - pose.get().y());
        long now = clock.getAsLong();
        if (distance <= limits.goalTolerance()) {
            sink.submit(new Stop(name + ": reached"), name);
            reset();
            return Status.SUCCESS;
        }
        if (distance < bestDistance - 0.1 || bestDistance == Double.POSITIVE_INFINITY) {
            bestDistance = distance;
            bestAt = now;
        } else if (now - bestAt > limits.stuckTimeoutNanos()) {
            sink.submit(new Stop(name + ": stuck"), name);
            reset();
            return Status.FAILURE;
        }
        goals.following(this, name, pose.get(), x, y);
        if (now - retryAt < 0) {
            return Status.RUNNING; // the kernel said no a moment ago: do not flood it with the same request
        }
        Drive command = navigator.command(pose.get(), x, y, world, now);
        Decision d = sink.submit(command, name);
        bb.put("lastVerdict", d.reason());
        if (!d.approved()) {
            retryAt = now + REJECTION_BACKOFF;
            bestAt = now; // time spent waiting for the kernel is not "stuck"
        }
        return Status.RUNNING;
    }

    private void reset() {
        goals.cleared(this);
        bestDistance = Double.POSITIVE_INFINITY;
        navigator.reset();
    }

    @Override
    public void halt() {
        reset();
    }
}
