package mechos.perception.internal;

import java.util.ArrayList;
import java.util.List;

import mechos.hal.api.LaserScan;
import mechos.hal.api.Pose2D;

/** A planar world of axis-aligned boxes, ray cast to make LiDAR scans for tests. */
public final class TestWorld {
    private final List<double[]> boxes = new ArrayList<>();

    /** Adds a box [x0,x1]×[y0,y1]; returns its index. */
    public int box(double x0, double y0, double x1, double y1) {
        boxes.add(new double[] {x0, y0, x1, y1});
        return boxes.size() - 1;
    }

    public void remove(int index) {
        boxes.set(index, null);
    }

    /** @return distance from (x, y) along angle a to the first box, +∞ if none */
    public double cast(double x, double y, double a) {
        double dx = Math.cos(a), dy = Math.sin(a);
        double best = Double.POSITIVE_INFINITY;
        for (double[] b : boxes) {
            if (b == null) {
                continue;
            }
            double t0 = 0, t1 = Double.POSITIVE_INFINITY;
            double[] o = {x, y}, d = {dx, dy};
            boolean miss = false;
            for (int k = 0; k < 2; k++) {
                double lo = b[k], hi = b[k + 2];
                if (Math.abs(d[k]) < 1e-12) {
                    if (o[k] < lo || o[k] > hi) {
                        miss = true;
                    }
                    continue;
                }
                double ta = (lo - o[k]) / d[k], tb = (hi - o[k]) / d[k];
                t0 = Math.max(t0, Math.min(ta, tb));
                t1 = Math.min(t1, Math.max(ta, tb));
            }
            if (!miss && t0 <= t1 && t0 < best) {
                best = t0;
            }
        }
        return best;
    }

    /** A full-circle scan from a sensor at {@code pose}, ranges beyond rangeMax reported as +∞. */
    public LaserScan scan(Pose2D pose, String frame, long t, int beams, double rangeMax) {
        double[] r = new double[beams];
        double inc = 2 * Math.PI / beams;
        for (int i = 0; i < beams; i++) {
            double d = cast(pose.x(), pose.y(), pose.theta() - Math.PI + i * inc);
            r[i] = d <= rangeMax ? d : Double.POSITIVE_INFINITY;
        }
        return new LaserScan(t, frame, -Math.PI, inc, 0.05, rangeMax, r, new double[0]);
    }
}
