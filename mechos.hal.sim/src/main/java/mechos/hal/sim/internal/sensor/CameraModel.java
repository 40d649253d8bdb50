package mechos.hal.sim.internal.sensor;

import mechos.hal.api.CameraFrame;
import mechos.hal.api.PixelFormat;
import mechos.hal.sim.internal.engine.RobotState;
import mechos.hal.sim.internal.engine.Simulation;
import mechos.hal.sim.internal.world.World;
import mechos.hal.support.SensorFanout;
import mechos.rosmap.api.OccupancyGrid;

/**
 * A small top-down camera: renders the world around the robot, robot-centred with its heading pointing up.
 * Occupied space is dark, free space light, unknown grey, the robot's own footprint mid-grey (GRAY8); RGB8 uses
 * the same palette with obstacles tinted red.
 */
public final class CameraModel implements SensorModel<CameraFrame> {
    /**
     * @param metresPerPixel ground size of one pixel
     * @param format         GRAY8 or RGB8
     */
    public record Params(String deviceId, String frameId, int width, int height, double metresPerPixel,
            double rateHz, PixelFormat format) {
        public Params {
            if (width < 1 || height < 1 || width > 4096 || height > 4096) {
                throw new IllegalArgumentException("camera size must be within 1..4096, was " + width + "x" + height);
            }
            if (!(metresPerPixel > 0) || !Double.isFinite(metresPerPixel)) {
                throw new IllegalArgumentException("metresPerPixel must be > 0, was " + metresPerPixel);
            }
            if (format != PixelFormat.GRAY8 && format != PixelFormat.RGB8) {
                throw new IllegalArgumentException("camera format must be GRAY8 or RGB8, was " + format);
            }
        }
    }

    private final Params params;
    private final Period period;
    private final SensorFanout<CameraFrame> samples;
    private final double footprintRadius;

    public CameraModel(Params params, Simulation simulation) {
        this.params = params;
        this.period = new Period(params.rateHz());
        this.samples = new SensorFanout<>(params.deviceId());
        this.footprintRadius = simulation.geometry().footprintRadius();
    }

    @Override
    public SensorFanout<CameraFrame> samples() {
        return samples;
    }

    @Override
    public void afterStep(Simulation simulation, RobotState s) {
        if (period.due(s.timestampNanos())) {
            samples.publish(render(simulation.world(), s));
        }
    }

    /** Renders one frame at the robot's pose. */
    public CameraFrame render(World world, RobotState s) {
        int w = params.width();
        int h = params.height();
        int bpp = params.format().bytesPerPixel();
        byte[] data = new byte[w * h * bpp];
        double res = params.metresPerPixel();
        double c = Math.cos(s.theta());
        double sn = Math.sin(s.theta());
        double r2 = footprintRadius * footprintRadius;
        for (int row = 0; row < h; row++) {
            double forward = (h / 2.0 - row - 0.5) * res;
            for (int col = 0; col < w; col++) {
                double left = (w / 2.0 - col - 0.5) * res;
                int grey;
                boolean obstacle = false;
                if (forward * forward + left * left <= r2) {
                    grey = 96;
                } else {
                    double wx = s.x() + c * forward - sn * left;
                    double wy = s.y() + sn * forward + c * left;
                    byte v = world.valueAt(wx, wy);
                    obstacle = v == OccupancyGrid.OCCUPIED;
                    grey = obstacle ? 0 : v == OccupancyGrid.UNKNOWN ? 160 : 255;
                }
                int i = (row * w + col) * bpp;
                if (bpp == 1) {
                    data[i] = (byte) grey;
                } else {
                    data[i] = (byte) (obstacle ? 200 : grey);
                    data[i + 1] = (byte) grey;
                    data[i + 2] = (byte) grey;
                }
            }
        }
        return new CameraFrame(s.timestampNanos(), params.frameId(), w, h, params.format(), w * bpp, data);
    }

    @Override
    public String toString() {
        return "camera " + params.deviceId();
    }
}
