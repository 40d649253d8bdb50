package mechos.hal.sim.internal.sensor;

import java.util.SplittableRandom;

import mechos.hal.api.ImuReading;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.support.SensorFanout;

/** A level-mounted IMU: yaw rate with bias and noise, forward and centripetal acceleration with noise, gravity on z. */
public final class ImuModel implements SensorModel<ImuReading> {
    static final double GRAVITY = 9.80665;

    /**
     * @param gyroBias       rad/s added to the yaw rate
     * @param gyroNoise      rad/s standard deviation
     * @param accelNoise     m/s² standard deviation
     */
    public record Params(String deviceId, String frameId, double rateHz, double gyroBias, double gyroNoise,
            double accelNoise) {
        public Params {
            if (!Double.isFinite(gyroBias) || !(gyroNoise >= 0) || !(accelNoise >= 0) || !Double.isFinite(gyroNoise)
                    || !Double.isFinite(accelNoise)) {
                throw new IllegalArgumentException("IMU noise must be finite and >= 0 (bias finite): gyroBias="
                        + gyroBias + " gyroNoise=" + gyroNoise + " accelNoise=" + accelNoise);
            }
        }
    }

    private final Params params;
    private final Period period;
    private final SplittableRandom random;
    private final SensorFanout<ImuReading> samples;

    public ImuModel(Params params, Simulation simulation) {
        this.params = params;
        this.period = new Period(params.rateHz());
        this.random = simulation.random("imu:" + params.deviceId());
        this.samples = new SensorFanout<>(params.deviceId());
    }

    @Override
    public SensorFanout<ImuReading> samples() {
        return samples;
    }

    @Override
    public void afterStep(Simulation simulation, RobotState s) {
        if (!period.due(s.timestampNanos())) {
            return;
        }
        double wz = s.angular() + params.gyroBias() + params.gyroNoise() * random.nextGaussian();
        double ax = s.linearAccel() + params.accelNoise() * random.nextGaussian();
        double ay = s.linear() * s.angular() + params.accelNoise() * random.nextGaussian();
        double az = GRAVITY + params.accelNoise() * random.nextGaussian();
        samples.publish(new ImuReading(s.timestampNanos(), params.frameId(), 0, 0, wz, ax, ay, az));
    }

    @Override
    public String toString() {
        return "imu " + params.deviceId();
    }
}
