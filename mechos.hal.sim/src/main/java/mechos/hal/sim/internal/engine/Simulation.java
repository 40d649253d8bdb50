package mechos.hal.sim.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.DriveGeometry;
import mechos.hal.api.Pose2D;
import mechos.hal.api.control.PidController;
import mechos.hal.api.control.PidGains;
import mechos.hal.api.control.PidLimits;
import mechos.hal.sim.internal.world.World;

/**
 * One simulated differential-drive robot in a {@link World}, advanced in fixed physics steps.
 *
 * <p>The simulation itself is a stepped clock: time only moves in {@link #step()}, by exactly {@code 1 /
 * physicsRateHz}, so the same seed and the same commands at the same steps give identical trajectories and
 * sensor data. {@link RealTimeDriver} paces the steps to the wall clock for a live robot; tests and benchmarks
 * call {@link #step()} / {@link #advance(Duration)} directly and run far faster than real time.
 *
 * <p>Each wheel's speed set-point is slewed at no more than {@code maxWheelAccel} (the acceleration limit) and
 * tracked by a speed PID whose output is the motor's acceleration (limited by the motor's strength, which can
 * always follow the ramp); the wheel plant loses speed in proportion to {@code wheelFriction}. Motion that would
 * make the footprint overlap the world is cut at the contact point, the wheels stop, and the contact is reported
 * (the bumper).
 *
 * <p><b>Threading.</b> {@link #step()} is called by one thread at a time (it is synchronized). Commands, state and
 * listener registration may come from any thread.
 */
public final class Simulation {
    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
    /** The footprint counts as touching within this distance of an obstacle (m): the bumper's travel. */
    static final double CONTACT_MARGIN = 0.005;

    private final World world;
    private final RobotParams params;
    private final long epochNanos;
    private final long dtNanos;
    private final double dt;
    private final PidController leftPid;
    private final PidController rightPid;
    private final List<Attached> listeners = new CopyOnWriteArrayList<>();

    private volatile double commandLinear;
    private volatile double commandAngular;
    private volatile RobotState state;
    private volatile long steps;

    private double x;
    private double y;
    private double theta;
    private double leftSpeed;
    private double rightSpeed;
    private double leftSetpoint;
    private double rightSetpoint;
    private long collisions;

    /**
     * @param epochNanos simulation time at step 0: 0 for a pure stepped clock, {@link System#nanoTime()} when the
     *                   simulation is paced to real time (so timestamps share the {@code nanoTime} base)
     */
    public Simulation(World world, RobotParams params, long epochNanos) {
        this.world = Objects.requireNonNull(world, "world");
        this.params = Objects.requireNonNull(params, "params");
        this.epochNanos = epochNanos;
        this.dtNanos = Math.round(1e9 / params.physicsRateHz());
        this.dt = dtNanos / 1e9;
        double motor = 2 * params.maxWheelAccel() + params.wheelFriction() * params.geometry().maxLinear();
        PidLimits limits = new PidLimits(-motor, motor);
        this.leftPid = new PidController(params.wheelGains(), limits);
        this.rightPid = new PidController(params.wheelGains(), limits);
        Pose2D start = params.start();
        this.x = start.x();
        this.y = start.y();
        this.theta = Pose2D.wrap(start.theta());
        this.state = snapshot(0, 0, 0);
    }

    public World world() {
        return world;
    }

    public RobotParams params() {
        return params;
    }

    public DriveGeometry geometry() {
        return params.geometry();
    }

    /** @return seconds per step */
    public double dt() {
        return dt;
    }

    /** @return the simulation clock: epoch + steps × dt, in nanoseconds */
    public long nanos() {
        return epochNanos + steps * dtNanos;
    }

    /** @return steps taken so far */
    public long steps() {
        return steps;
    }

    /** @return the ground truth after the last step */
    public RobotState state() {
        return state;
    }

    /**
     * Sets the target body velocity, clamped to the geometry's limits.
     *
     * @throws IllegalArgumentException if a value is not finite
     */
    public void command(double linear, double angular) {
        if (!Double.isFinite(linear) || !Double.isFinite(angular)) {
            throw new IllegalArgumentException("velocity must be finite: linear=" + linear + " angular=" + angular);
        }
        DriveGeometry g = params.geometry();
        commandLinear = Math.max(-g.maxLinear(), Math.min(g.maxLinear(), linear));
        commandAngular = Math.max(-g.maxAngular(), Math.min(g.maxAngular(), angular));
    }

    /** @return {linear, angular} as last commanded (after clamping) */
    public double[] commanded() {
        return new double[] {commandLinear, commandAngular};
    }

    /** Changes the wheel PIDs' gains while running. */
    public void setWheelGains(PidGains gains) {
        leftPid.setGains(gains);
        rightPid.setGains(gains);
    }

    /** @return the wheel PIDs' current gains */
    public PidGains wheelGains() {
        return leftPid.gains();
    }

    /**
     * A random stream for one consumer (a sensor's noise), derived from the seed and the stream name only, so a
     * device's noise does not depend on which other devices exist.
     */
    public SplittableRandom random(String stream) {
        long h = params.seed() * 0x9E3779B97F4A7C15L + stream.hashCode();
        return new SplittableRandom(h ^ (h >>> 31));
    }

    /** Registers a listener called after every step until the returned handle is run. */
    public Runnable attach(StepListener listener) {
        Attached a = new Attached(Objects.requireNonNull(listener, "listener"));
        listeners.add(a);
        return () -> listeners.remove(a);
    }

    /** Advances by {@code duration}, rounded to whole steps. */
    public void advance(Duration duration) {
        long n = Math.round(duration.toNanos() / (double) dtNanos);
        for (long i = 0; i < n; i++) {
            step();
        }
    }

    /** Advances by one physics step and notifies the listeners. */
    public synchronized void step() {
        DriveGeometry g = params.geometry();
        double half = g.wheelSeparation() / 2;
        double cl = commandLinear;
        double ca = commandAngular;
        double targetLeft = cl - ca * half;
        double targetRight = cl + ca * half;
        double oldLinear = (leftSpeed + rightSpeed) / 2;

        double slew = params.maxWheelAccel() * dt;
        leftSetpoint += Math.max(-slew, Math.min(slew, targetLeft - leftSetpoint));
        rightSetpoint += Math.max(-slew, Math.min(slew, targetRight - rightSetpoint));
        double accelLeft = leftPid.update(leftSetpoint, leftSpeed, dt);
        double accelRight = rightPid.update(rightSetpoint, rightSpeed, dt);
        leftSpeed += (accelLeft - params.wheelFriction() * leftSpeed) * dt;
        rightSpeed += (accelRight - params.wheelFriction() * rightSpeed) * dt;

        double v = (leftSpeed + rightSpeed) / 2;
        double w = (rightSpeed - leftSpeed) / g.wheelSeparation();
        double heading = theta + w * dt / 2;
        double nx = x + v * dt * Math.cos(heading);
        double ny = y + v * dt * Math.sin(heading);
        theta = Pose2D.wrap(theta + w * dt);

        double r = g.footprintRadius();
        boolean blocked = false;
        if (nx != x || ny != y) {
            double[] hitNew = world.nearest(nx, ny, r);
            if (hitNew == null) {
                x = nx;
                y = ny;
            } else {
                double[] hitOld = world.nearest(x, y, r);
                if (hitOld != null) {
                    // already overlapping (e.g. an obstacle was dropped onto the robot): only moving away is allowed
                    if (hitNew[2] > hitOld[2]) {
                        x = nx;
                        y = ny;
                    } else {
                        blocked = true;
                    }
                } else {
                    double free = 0;
                    double hit = 1;
                    for (int i = 0; i < 12; i++) {
                        double mid = (free + hit) / 2;
                        if (world.collides(x + (nx - x) * mid, y + (ny - y) * mid, r)) {
                            hit = mid;
                        } else {
                            free = mid;
                        }
                    }
                    x += (nx - x) * free;
                    y += (ny - y) * free;
                    blocked = true;
                }
            }
        }
        if (blocked) {
            collisions++;
            leftSpeed = 0;
            rightSpeed = 0;
            leftSetpoint = 0;
            rightSetpoint = 0;
            leftPid.reset();
            rightPid.reset();
            v = 0;
            w = 0;
        }
        steps++;
        state = snapshot(v, w, (v - oldLinear) / dt);
        RobotState s = state;
        for (Attached a : listeners) {
            a.call(this, s);
        }
    }

    private RobotState snapshot(double v, double w, double accel) {
        double[] touch = world.nearest(x, y, params.geometry().footprintRadius() + CONTACT_MARGIN);
        double bearing = touch == null ? Double.NaN : Pose2D.wrap(Math.atan2(touch[1] - y, touch[0] - x) - theta);
        return new RobotState(nanos(), x, y, theta, v, w, accel, leftSpeed, rightSpeed, touch != null, bearing,
                collisions);
    }

    private static final class Attached {
        final StepListener listener;
        long failures;

        Attached(StepListener listener) {
            this.listener = listener;
        }

        void call(Simulation sim, RobotState s) {
            try {
                listener.afterStep(sim, s);
            } catch (RuntimeException e) {
                failures++;
                if (failures == 1 || failures % 1000 == 0) {
                    LOG.warn("Simulated device {} failed in step {} ({} failures so far)", listener, sim.steps(),
                            failures, e);
                }
            }
        }
    }
}
