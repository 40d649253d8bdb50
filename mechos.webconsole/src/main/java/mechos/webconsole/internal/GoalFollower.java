package mechos.webconsole.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import mechos.hal.api.Pose2D;
import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;
import mechos.kernel.api.Kernel;
import mechos.kernel.api.OperatorControl;
import mechos.kernel.api.Stop;
import mechos.perception.api.FusedPose;
import mechos.perception.api.WorldSnapshot;

/**
 * "Click to set a goal" on the page: drives the robot to a point of the {@code map} frame as the operator. The
 * kernel has no go-to intent, so every {@link #step} (called periodically by the page's scheduler) turns the
 * current map pose into a {@link Drive} submitted through {@link Kernel#submit} as {@code operator:<user>}: the
 * kernel's rules (speed and acceleration caps, clearance, e-stop) decide every command. After a rejection the
 * next step renews the last approved command (e.g. creep speed while the world model is stale) before stepping
 * up again; {@link #MAX_REJECTIONS} rejections in a row end the goal with the kernel's reason. While a goal is active the manual override is engaged (AI intents are
 * suspended, as when the operator drives by hand) and the operator dead-man lease is renewed.
 *
 * <p>Control law: turn on the spot while the heading error is above {@link #TURN_IN_PLACE}, else drive with
 * {@code v = min(maxLinear, distance) * cos(error)}; each command differs from the previous one by at most
 * {@code linearStep} / {@code angularStep} so the kernel's acceleration limit is respected. The goal is reached
 * within {@link #TOLERANCE} m; it is abandoned after {@link #TIMEOUT_NANOS} or when the pose is lost.
 *
 * <p>Thread-safe: {@link #start}, {@link #cancel} and {@link #step} synchronise on the follower.
 */
final class GoalFollower {
    private static final Logger LOG = LoggerFactory.getLogger(GoalFollower.class);
    /** Distance (m) at which the goal counts as reached. */
    static final double TOLERANCE = 0.15;
    /** Heading error (rad) above which the robot turns on the spot. */
    static final double TURN_IN_PLACE = 0.6;
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final double HEADING_GAIN = 1.5;
    /**
     * This many rejected commands in a row end the goal (3 s at the page's 100 ms step: a short SAFE_STOP, e.g. a
     * late LiDAR scan on a loaded machine, does not end it; an obstacle in the way does).
     */
    static final int MAX_REJECTIONS = 30;

    private final RobotServices services;
    private final LongSupplier nanos;

    private Goal goal;
    private String lastOutcome = "";
    private double lastLinear;
    private double lastAngular;
    private int rejections;
    private boolean hold;

    record Goal(String user, double x, double y, long startNanos, double maxLinear, double maxAngular,
            double linearStep, double angularStep) {
    }

    GoalFollower(RobotServices services, LongSupplier nanos) {
        this.services = services;
        this.nanos = nanos;
    }

    /** Sets (or replaces) the goal and engages the override; the next {@link #step} starts driving. */
    synchronized Map<String, Object> start(String user, double x, double y, double maxLinear, double maxAngular,
            double linearStep, double angularStep) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return OperatorActions.result(false, "goal x and y must be finite numbers");
        }
        Optional<OperatorControl> c = services.operatorControl();
        if (services.kernel().isEmpty() || c.isEmpty()) {
            return OperatorActions.result(false, "kernel not available: no goal can be driven");
        }
        if (mapPose().isEmpty()) {
            return OperatorActions.result(false, "no robot pose in the map frame yet: cannot drive to a goal");
        }
        if (goal == null && !c.get().renewOverride(OperatorActions.AGENT + " (" + user + ")")) {
            // no override yet: engaging one stops every drive, so the ramp starts from zero
            c.get().engageOverride(OperatorActions.AGENT + " (" + user + ")");
            lastLinear = 0;
            lastAngular = 0;
        }
        goal = new Goal(user, x, y, nanos.getAsLong(), maxLinear, maxAngular, linearStep, angularStep);
        rejections = 0;
        hold = false;
        lastOutcome = String.format(java.util.Locale.ROOT, "driving to (%.2f, %.2f)", x, y);
        try (MDC.MDCCloseable g = MDC.putCloseable(Kernel.MDC_AGENT_ID, OperatorActions.AGENT)) {
            LOG.info("goal ({}, {}) set in the web console by {}", round(x), round(y), user);
        }
        return OperatorActions.result(true, lastOutcome);
    }

    /** Ends an active goal (sends a Stop as the operator); nothing happens without a goal. */
    synchronized Map<String, Object> cancel(String why) {
        if (goal == null) {
            return OperatorActions.result(true, "no goal active");
        }
        finish(why, true);
        return OperatorActions.result(true, "goal cancelled: " + why);
    }

    /** Drops an active goal without sending anything (e.g. the operator took manual control). */
    synchronized void abandon(String why) {
        if (goal != null) {
            goal = null;
            lastOutcome = why;
        }
    }

    synchronized boolean active() {
        return goal != null;
    }

    /** One control step: called periodically; never throws. */
    synchronized void step() {
        Goal g = goal;
        if (g == null) {
            return;
        }
        try {
            Optional<Kernel> k = services.kernel();
            Optional<OperatorControl> c = services.operatorControl();
            if (k.isEmpty() || c.isEmpty()) {
                goal = null;
                lastOutcome = "goal abandoned: the kernel went away";
                return;
            }
            if (nanos.getAsLong() - g.startNanos() > TIMEOUT_NANOS) {
                finish("goal not reached within " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s", true);
                return;
            }
            Optional<Pose2D> pose = mapPose();
            if (pose.isEmpty()) {
                finish("goal abandoned: the robot pose is no longer known", true);
                return;
            }
            Pose2D p = pose.get();
            double dx = g.x() - p.x();
            double dy = g.y() - p.y();
            double distance = Math.hypot(dx, dy);
            if (distance <= TOLERANCE) {
                finish(String.format(java.util.Locale.ROOT, "goal (%.2f, %.2f) reached", g.x(), g.y()), true);
                return;
            }
            double error = normalise(Math.atan2(dy, dx) - p.theta());
            double angular = clamp(HEADING_GAIN * error, g.maxAngular());
            double linear = Math.abs(error) > TURN_IN_PLACE ? 0
                    : Math.min(g.maxLinear(), distance) * Math.cos(error);
            // After a rejection, first renew what was approved last (never faster), then step up again.
            double up = hold ? 0 : 1;
            linear = clamp(linear, lastLinear - g.linearStep(), lastLinear + up * g.linearStep());
            angular = clamp(angular, lastAngular - g.angularStep(), lastAngular + up * g.angularStep());
            if (hold) {
                linear = Math.abs(linear) > Math.abs(lastLinear) ? lastLinear : linear;
                angular = Math.abs(angular) > Math.abs(lastAngular) ? lastAngular : angular;
            }
            // Renewing the override does not stop the drive; only when it has ended (released elsewhere, or its time
            // ran out) is it engaged again, which stops every drive: then restart within one step of zero.
            if (!c.get().renewOverride(OperatorActions.AGENT + " (" + g.user() + ")")) {
                c.get().engageOverride(OperatorActions.AGENT + " (" + g.user() + ")");
                linear = clamp(linear, -g.linearStep(), g.linearStep());
                angular = clamp(angular, -g.angularStep(), g.angularStep());
            }
            c.get().deadManRenew();
            Decision d = k.get().submit(OperatorActions.agentId(g.user()), new Drive(round(linear), round(angular)));
            if (!d.approved()) {
                // A rejection can pass (e.g. creep speed until the world model is fresh again): fall back to the
                // last approved command; a goal the kernel keeps refusing ends with the kernel's reason.
                rejections++;
                hold = true;
                if (rejections >= MAX_REJECTIONS) {
                    finish("goal stopped, drive " + d.reason(), true);
                }
                return;
            }
            rejections = 0;
            hold = false;
            lastLinear = round(linear);
            lastAngular = round(angular);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("goal step failed; the goal is abandoned", e);
            goal = null;
            lastOutcome = "goal abandoned: " + e;
        }
    }

    private void finish(String outcome, boolean sendStop) {
        Goal g = goal;
        goal = null;
        lastOutcome = outcome;
        lastLinear = 0;
        lastAngular = 0;
        rejections = 0;
        hold = false;
        if (sendStop && g != null) {
            services.kernel().ifPresent(k -> k.submit(OperatorActions.agentId(g.user()), new Stop(outcome)));
        }
        try (MDC.MDCCloseable m = MDC.putCloseable(Kernel.MDC_AGENT_ID, OperatorActions.AGENT)) {
            LOG.info("web console goal ended: {}", outcome);
        }
    }

    /** @return the page's view: {@code active}, goal {@code x}, {@code y}, and the last outcome */
    synchronized Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", goal != null);
        if (goal != null) {
            m.put("x", round(goal.x()));
            m.put("y", round(goal.y()));
            m.put("user", goal.user());
        }
        m.put("message", lastOutcome);
        return m;
    }

    /** The robot pose in the map frame (world model), else the fused odometry pose. */
    private Optional<Pose2D> mapPose() {
        if (services.worldModel().isPresent()) {
            WorldSnapshot s = services.worldModel().get().snapshot();
            if (s.mapPose() != null && s.mapPose().isFinite()) {
                return Optional.of(s.mapPose());
            }
        }
        if (services.poseEstimator().isPresent()) {
            Optional<FusedPose> p = services.poseEstimator().get().latest();
            if (p.isPresent() && p.get().pose().isFinite()) {
                return Optional.of(p.get().pose());
            }
        }
        return Optional.empty();
    }

    static double normalise(double a) {
        double r = Math.IEEEremainder(a, 2 * Math.PI);
        return r <= -Math.PI ? r + 2 * Math.PI : r;
    }

    private static double clamp(double v, double limit) {
        return clamp(v, -limit, limit);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
