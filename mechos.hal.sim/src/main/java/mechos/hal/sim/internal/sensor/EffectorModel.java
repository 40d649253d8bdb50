package mechos.hal.sim.internal.sensor;

import mechos.hal.api.Box3;
import mechos.hal.api.Point3;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.engine.StepListener;

/**
 * An end effector that moves in a straight line toward its target at no more than {@code maxSpeed}, inside its
 * workspace. Targets outside the workspace are rejected by {@link #setTarget}.
 */
public final class EffectorModel implements StepListener {
    private final Box3 workspace;
    private final double maxSpeed;
    private volatile Point3 position;
    private volatile Point3 target;

    /**
     * @param home start position, inside the workspace
     */
    public EffectorModel(Box3 workspace, double maxSpeed, Point3 home) {
        checkMaxSpeed(maxSpeed);
        checkHome(workspace, home);
        this.workspace = workspace;
        this.maxSpeed = maxSpeed;
        this.position = home;
        this.target = home;
    }

    /** @throws IllegalArgumentException unless maxSpeed is finite and &gt; 0 */
    public static void checkMaxSpeed(double maxSpeed) {
        if (!(maxSpeed > 0) || !Double.isFinite(maxSpeed)) {
            throw new IllegalArgumentException("maxSpeed must be > 0, was " + maxSpeed);
        }
    }

    /** @throws IllegalArgumentException unless home is inside the workspace */
    public static void checkHome(Box3 workspace, Point3 home) {
        if (!workspace.contains(home)) {
            throw new IllegalArgumentException("home " + home + " is outside the workspace " + workspace);
        }
    }

    public Box3 workspace() {
        return workspace;
    }

    public double maxSpeed() {
        return maxSpeed;
    }

    public Point3 position() {
        return position;
    }

    public Point3 target() {
        return target;
    }

    /** @return false (and no change) if the target is not finite or outside the workspace */
    public boolean setTarget(Point3 t) {
        if (t == null || !t.isFinite() || !workspace.contains(t)) {
            return false;
        }
        target = t;
        return true;
    }

    /** Holds the current position. */
    public void hold() {
        target = position;
    }

    @Override
    public void afterStep(Simulation simulation, RobotState s) {
        Point3 p = position;
        Point3 t = target;
        double d = p.distanceTo(t);
        if (d == 0) {
            return;
        }
        double step = maxSpeed * simulation.dt();
        if (d <= step) {
            position = t;
        } else {
            double f = step / d;
            position = new Point3(p.x() + (t.x() - p.x()) * f, p.y() + (t.y() - p.y()) * f,
                    p.z() + (t.z() - p.z()) * f);
        }
    }

    @Override
    public String toString() {
        return "effector at " + position;
    }
}
