package mechos.hal.sim.internal.sensor;

import java.util.SplittableRandom;

import mechos.hal.api.OdometryReading;
import mechos.hal.api.Pose2D;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.support.SensorFanout;

/**
 * Wheel odometry integrated every physics step from the wheel speeds as an encoder would see them: each wheel
 * has a scale error (a wrong wheel radius) and white speed noise, so the pose drifts from the truth the way real
 * odometry does. The odom frame starts at the robot's start pose with zero offset (odom = world at t = 0).
 */
public final class OdometryModel implements SensorModel<OdometryReading> {
    /**
     * @param leftScaleError  fraction, e.g. 0.01 = the left wheel reads 1 % fast
     * @param rightScaleError fraction
     * @param noiseStdDev     m/s, white noise on each wheel speed reading
     */
    public record Params(String deviceId, double rateHz, double leftScaleError, double rightScaleError,
            double noiseStdDev) {
        public Params {
            if (!(Math.abs(leftScaleError) < 0.5) || !(Math.abs(rightScaleError) < 0.5)) {
                throw new IllegalArgumentException("scale errors must be in (-0.5, 0.5), were left="
                        + leftScaleError + " right=" + rightScaleError);
            }
            if (!(noiseStdDev >= 0) || !Double.isFinite(noiseStdDev)) {
                throw new IllegalArgumentException("noiseStdDev must be >= 0, was " + noiseStdDev);
            }
        }
    }

    private final Params params;
    private final Period period;
    private final SplittableRandom random;
    private final SensorFanout<OdometryReading> samples;
    private final double separation;
    private double x;
    private double y;
    private double theta;

    public OdometryModel(Params params, Simulation simulation) {
        this.params = params;
        this.period = new Period(params.rateHz());
        this.random = simulation.random("odometry:" + params.deviceId());
        this.samples = new SensorFanout<>(params.deviceId());
        this.separation = simulation.geometry().wheelSeparation();
        RobotState s = simulation.state();
        this.x = s.x();
        this.y = s.y();
        this.theta = s.theta();
    }

    @Override
    public SensorFanout<OdometryReading> samples() {
        return samples;
    }

    @Override
    public void afterStep(Simulation simulation, RobotState s) {
        double dt = simulation.dt();
        double sigma = params.noiseStdDev();
        double l = s.leftSpeed() * (1 + params.leftScaleError()) + (sigma > 0 ? sigma * random.nextGaussian() : 0);
        double r = s.rightSpeed() * (1 + params.rightScaleError()) + (sigma > 0 ? sigma * random.nextGaussian() : 0);
        double v = (l + r) / 2;
        double w = (r - l) / separation;
        double heading = theta + w * dt / 2;
        x += v * dt * Math.cos(heading);
        y += v * dt * Math.sin(heading);
        theta = Pose2D.wrap(theta + w * dt);
        if (period.due(s.timestampNanos())) {
            samples.publish(new OdometryReading(s.timestampNanos(), x, y, theta, v, w));
        }
    }

    @Override
    public String toString() {
        return "odometry " + params.deviceId();
    }
}
