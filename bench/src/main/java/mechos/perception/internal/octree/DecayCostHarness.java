package mechos.perception.internal.octree;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * What decay costs the insertion thread: a planar 360-beam LiDAR at 10 Hz driving circles in a 10 m room with
 * boxes (the simulator's scale), the same scans inserted into two octrees, one with decay off and one with the
 * given rate applied as the map service applies it. Prints CPU time per scan (p50 / p99 / max), the decay
 * calls' own cost, and node counts. Usage: {@code java -cp ... DecayCostHarness [seconds] [decay per second]
 * [decay interval s] [heading drift rad/s]}.
 */
public final class DecayCostHarness {
    private DecayCostHarness() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 0.1;
        double interval = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        // heading drift of the pose the scans are placed with (rad/s), as odometry without localisation smears walls
        double drift = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        double[][] boxes = {{-5.2, -5.2, 5.2, -5}, {-5.2, 5, 5.2, 5.2}, {-5.2, -5, -5, 5}, {5, -5, 5.2, 5},
            {1, 1, 1.6, 1.4}, {-2, -3, -1.5, -2.2}, {2.5, -2, 3, -1.2}, {-3, 2, -2.4, 2.8}};
        OccupancyOctree off = new OccupancyOctree(OctreeParams.defaults());
        OccupancyOctree on = new OccupancyOctree(OctreeParams.defaults().withDecay(rate));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int n = seconds * 10;
        long[] costOff = new long[n], costOn = new long[n];
        long decayTotal = 0, decayMax = 0;
        double pending = 0;
        for (int s = 0; s < n; s++) {
            double t = s * 0.1, ox = 3.5 * Math.cos(t * 0.2), oy = 3.5 * Math.sin(t * 0.2);
            double[] xyz = new double[360 * 3];
            for (int i = 0; i < 360; i++) {
                double a = Math.toRadians(i), r = cast(boxes, ox, oy, Math.cos(a), Math.sin(a)), e = a + drift * t;
                xyz[3 * i] = ox + r * Math.cos(e);
                xyz[3 * i + 1] = oy + r * Math.sin(e);
                xyz[3 * i + 2] = 0.2;
            }
            long c0 = mx.getCurrentThreadCpuTime();
            off.insertPointCloud(ox, oy, 0.2, xyz, 360, 10);
            off.publish(s);
            long c1 = mx.getCurrentThreadCpuTime();
            pending += 0.1;
            if (pending >= interval - 1e-9) {
                on.decay(pending);
                pending = 0;
                long d = mx.getCurrentThreadCpuTime() - c1;
                decayTotal += d;
                decayMax = Math.max(decayMax, d);
            }
            on.insertPointCloud(ox, oy, 0.2, xyz, 360, 10);
            on.publish(s);
            long c2 = mx.getCurrentThreadCpuTime();
            costOff[s] = c1 - c0;
            costOn[s] = c2 - c1;
        }
        System.out.printf("%d s of scans, decay %.2f/s every %.1f s%n", seconds, rate, interval);
        System.out.printf("decay off: per scan p50 %.2f ms p99 %.2f ms max %.2f ms, total %.2f s, %d nodes%n",
                pct(costOff, 0.5), pct(costOff, 0.99), pct(costOff, 1), sum(costOff), off.snapshot().stats().nodes());
        System.out.printf("decay on:  per scan p50 %.2f ms p99 %.2f ms max %.2f ms, total %.2f s, %d nodes; "
                + "decay calls total %.2f s, max %.2f ms%n", pct(costOn, 0.5), pct(costOn, 0.99), pct(costOn, 1),
                sum(costOn), on.snapshot().stats().nodes(), decayTotal * 1e-9, decayMax * 1e-6);
    }

    static double sum(long[] v) {
        return Arrays.stream(v).sum() * 1e-9;
    }

    static double pct(long[] v, double p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) (p * s.length))] * 1e-6;
    }

    static double cast(double[][] boxes, double ox, double oy, double dx, double dy) {
        double best = 20;
        for (double[] b : boxes) {
            double t0 = 0, t1 = Double.POSITIVE_INFINITY;
            double[] o = {ox, oy}, d = {dx, dy};
            boolean miss = false;
            for (int k = 0; k < 2 && !miss; k++) {
                if (Math.abs(d[k]) < 1e-12) {
                    miss = o[k] < b[k] || o[k] > b[k + 2];
                    continue;
                }
                double ta = (b[k] - o[k]) / d[k], tb = (b[k + 2] - o[k]) / d[k];
                t0 = Math.max(t0, Math.min(ta, tb));
                t1 = Math.min(t1, Math.max(ta, tb));
            }
            if (!miss && t0 <= t1 && t0 < best) {
                best = t0;
            }
        }
        return best;
    }
}
