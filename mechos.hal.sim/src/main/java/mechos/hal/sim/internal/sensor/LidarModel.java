package mechos.hal.sim.internal.sensor;

import java.util.SplittableRandom;

import mechos.hal.api.LaserScan;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.world.World;
import mechos.hal.support.SensorFanout;

/**
 * A planar LiDAR by ray casting against the world, following the {@link LaserScan} contract: Gaussian range
 * noise, valid returns clamped to [rangeMin, rangeMax]; +∞ (measured max range) only when the true distance is
 * beyond rangeMax, so beams that see nothing are consistently reported as no return regardless of noise; NaN
 * (unknown) when the true distance is below rangeMin, which a real sensor cannot measure (it is not a return at
 * rangeMin, and never free space).
 */
public final class LidarModel implements SensorModel<LaserScan> {
    /**
     * @param beams       number of beams, &ge; 1
     * @param fov         rad, (0, 2π]; a full circle spaces beams 2π/beams apart without duplicating ±π
     * @param noiseStdDev m, standard deviation of the range noise (0 = exact)
     * @param mountX      m, sensor position in base_link
     * @param mountY      m
     * @param mountYaw    rad, sensor yaw in base_link
     */
    public record Params(String deviceId, String frameId, int beams, double fov, double rangeMin, double rangeMax,
            double rateHz, double noiseStdDev, double mountX, double mountY, double mountYaw) {
        public Params {
            if (beams < 1 || beams > 100_000) {
                throw new IllegalArgumentException("beams must be in [1, 100000], was " + beams);
            }
            if (!(fov > 0 && fov <= 2 * Math.PI + 1e-9)) {
                throw new IllegalArgumentException("fov must be in (0, 2π] rad, was " + fov);
            }
            checkRange(rangeMin, rangeMax);
            if (!(noiseStdDev >= 0) || !Double.isFinite(noiseStdDev)) {
                throw new IllegalArgumentException("noiseStdDev must be >= 0, was " + noiseStdDev);
            }
        }

        /** @throws IllegalArgumentException unless 0 &le; rangeMin &lt; rangeMax &lt; ∞ */
        public static void checkRange(double rangeMin, double rangeMax) {
            if (!(rangeMin >= 0 && rangeMin < rangeMax && Double.isFinite(rangeMax))) {
                throw new IllegalArgumentException("need 0 <= rangeMin < rangeMax < ∞, was rangeMin=" + rangeMin
                        + " rangeMax=" + rangeMax);
            }
        }

        boolean fullCircle() {
            return fov >= 2 * Math.PI - 1e-9;
        }

        double angleMin() {
            return fullCircle() ? -Math.PI : beams == 1 ? 0 : -fov / 2;
        }

        double angleIncrement() {
            return fullCircle() ? 2 * Math.PI / beams : beams == 1 ? 0 : fov / (beams - 1);
        }
    }

    private final Params params;
    private final Period period;
    private final SplittableRandom random;
    private final SensorFanout<LaserScan> samples;
    private final double[] cos;
    private final double[] sin;

    public LidarModel(Params params, Simulation simulation) {
        this.params = params;
        this.period = new Period(params.rateHz());
        this.random = simulation.random("lidar:" + params.deviceId());
        this.samples = new SensorFanout<>(params.deviceId());
        this.cos = new double[params.beams()];
        this.sin = new double[params.beams()];
        for (int i = 0; i < params.beams(); i++) {
            double a = params.angleMin() + i * params.angleIncrement();
            cos[i] = Math.cos(a);
            sin[i] = Math.sin(a);
        }
    }

    @Override
    public SensorFanout<LaserScan> samples() {
        return samples;
    }

    @Override
    public void afterStep(Simulation simulation, RobotState s) {
        if (period.due(s.timestampNanos())) {
            samples.publish(scan(simulation.world(), s));
        }
    }

    /** Casts every beam from the robot's current pose. */
    public LaserScan scan(World world, RobotState s) {
        double c = Math.cos(s.theta());
        double sn = Math.sin(s.theta());
        double ox = s.x() + c * params.mountX() - sn * params.mountY();
        double oy = s.y() + sn * params.mountX() + c * params.mountY();
        double yaw = s.theta() + params.mountYaw();
        double cy = Math.cos(yaw);
        double sy = Math.sin(yaw);
        double[] ranges = new double[params.beams()];
        double max = params.rangeMax();
        double min = params.rangeMin();
        double sigma = params.noiseStdDev();
        for (int i = 0; i < ranges.length; i++) {
            double dx = cy * cos[i] - sy * sin[i];
            double dy = sy * cos[i] + cy * sin[i];
            double truth = world.raycast(ox, oy, dx, dy, max);
            if (truth > max) {
                ranges[i] = Double.POSITIVE_INFINITY;
            } else if (truth < min) {
                ranges[i] = Double.NaN;
            } else {
                double noisy = sigma > 0 ? truth + sigma * random.nextGaussian() : truth;
                ranges[i] = Math.max(min, Math.min(max, noisy));
            }
        }
        return new LaserScan(s.timestampNanos(), params.frameId(), params.angleMin(), params.angleIncrement(), min,
                max, ranges, new double[0]);
    }

    @Override
    public String toString() {
        return "lidar " + params.deviceId();
    }
}
