package mechos.perception.internal.octree;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import mechos.hal.api.Pose2D;

/**
 * Time to collision: the height band's 2-D slice ({@link OctreeSnapshot#timeToCollision}) against the octree
 * corridor query it replaced ({@link OctreeSnapshot#timeToCollisionVoxels}), on the workload: a 3-D
 * LiDAR map (16 rings × 360 beams, ±15°, 10 m range, 100 scans on a figure-eight in a 20 m room with 40 pillars, 5 cm) and
 * queries at 1 m/s, 0.2 m footprint, 5 s horizon, ω in ±0.5 rad/s, from random poses. Prints p50 / p99 of wall
 * clock and thread CPU time per query for both, and how many answers differ by more than one cell.
 * Usage: {@code java -cp bench/target/benchmarks.jar mechos.perception.internal.octree.TimeToCollisionHarness
 * [scans] [queries]}.
 */
public final class TimeToCollisionHarness {
    static final double SENSOR_Z = 0.4, MAX_RANGE = 10;

    private TimeToCollisionHarness() {
    }

    public static void main(String[] args) {
        int nScans = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int nQueries = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        Random rnd = new Random(42);
        List<double[]> boxes = world(rnd);
        OccupancyOctree tree = new OccupancyOctree(OctreeParams.defaults());
        long b0 = System.nanoTime();
        for (int s = 0; s < nScans; s++) {
            double a = 2 * Math.PI * s / nScans;
            double ox = 6 * Math.cos(a), oy = 4 * Math.sin(2 * a);
            double[] xyz = scan(boxes, ox, oy);
            tree.insertPointCloud(ox, oy, SENSOR_Z, xyz, xyz.length / 3, MAX_RANGE);
            tree.publish(s);
        }
        long buildNs = System.nanoTime() - b0;
        OctreeSnapshot snap = tree.snapshot();
        double[][] q = new double[nQueries][];
        for (int i = 0; i < nQueries; i++) {
            q[i] = new double[] {rnd.nextDouble() * 16 - 8, rnd.nextDouble() * 16 - 8,
                rnd.nextDouble() * 2 * Math.PI - Math.PI, 1.0, i % 4 == 0 ? 0 : rnd.nextDouble() - 0.5};
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] wallOld = new long[nQueries], cpuOld = new long[nQueries], wallNew = new long[nQueries],
                cpuNew = new long[nQueries];
        double[] old = new double[nQueries], neu = new double[nQueries];
        for (int pass = 0; pass < 4; pass++) {
            for (int i = 0; i < nQueries; i++) {
                Pose2D p = new Pose2D(q[i][0], q[i][1], q[i][2]);
                long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                old[i] = snap.timeToCollisionVoxels(p, q[i][3], q[i][4], 0.2, 5);
                long t1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime();
                neu[i] = snap.timeToCollision(p, q[i][3], q[i][4], 0.2, 5);
                long t2 = System.nanoTime(), c2 = mx.getCurrentThreadCpuTime();
                wallOld[i] = t1 - t0;
                cpuOld[i] = c1 - c0;
                wallNew[i] = t2 - t1;
                cpuNew[i] = c2 - c1;
            }
        }
        int differ = 0, finite = 0;
        for (int i = 0; i < nQueries; i++) {
            finite += Double.isFinite(old[i]) ? 1 : 0;
            boolean same = Double.isInfinite(old[i]) || Double.isInfinite(neu[i]) ? old[i] == neu[i]
                    : Math.abs(old[i] - neu[i]) <= 0.05;
            differ += same ? 0 : 1;
        }
        System.out.printf("map: %d scans x %d points, %d nodes, built in %.1f s%n", nScans, 16 * 360,
                snap.stats().nodes(), buildNs * 1e-9);
        System.out.printf("queries: %d (%d with a collision within 5 s), answers differing by > 1 cell: %d%n",
                nQueries, finite, differ);
        System.out.printf("corridor (old)  wall p50 %.1f us p99 %.1f us | cpu p50 %.1f us p99 %.1f us%n",
                pct(wallOld, 0.5), pct(wallOld, 0.99), pct(cpuOld, 0.5), pct(cpuOld, 0.99));
        System.out.printf("2-D slice (new) wall p50 %.1f us p99 %.1f us | cpu p50 %.1f us p99 %.1f us%n",
                pct(wallNew, 0.5), pct(wallNew, 0.99), pct(cpuNew, 0.5), pct(cpuNew, 0.99));
    }

    static double pct(long[] v, double p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) (p * s.length))] / 1000.0;
    }

    /** Boxes {x0,y0,z0,x1,y1,z1}: four 2.5 m walls of a 20 m room and 40 pillars; the floor is z = 0. */
    static List<double[]> world(Random rnd) {
        List<double[]> b = new ArrayList<>();
        b.add(new double[] {-10.2, -10.2, 0, 10.2, -10, 2.5});
        b.add(new double[] {-10.2, 10, 0, 10.2, 10.2, 2.5});
        b.add(new double[] {-10.2, -10, 0, -10, 10, 2.5});
        b.add(new double[] {10, -10, 0, 10.2, 10, 2.5});
        for (int i = 0; i < 40; i++) {
            double x = rnd.nextDouble() * 18 - 9, y = rnd.nextDouble() * 18 - 9, s = 0.1 + rnd.nextDouble() * 0.4;
            if (Math.hypot(x, y) > 1.5) {
                b.add(new double[] {x - s, y - s, 0, x + s, y + s, 0.5 + rnd.nextDouble() * 1.5});
            }
        }
        return b;
    }

    static double[] scan(List<double[]> boxes, double ox, double oy) {
        double[] xyz = new double[16 * 360 * 3];
        int k = 0;
        for (int ring = 0; ring < 16; ring++) {
            double el = Math.toRadians(-15 + 2 * ring);
            for (int i = 0; i < 360; i++) {
                double az = Math.toRadians(i - 180);
                double[] d = {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
                double r = cast(boxes, new double[] {ox, oy, SENSOR_Z}, d);
                double len = r <= MAX_RANGE ? r : MAX_RANGE * 1.01 + 0.01;
                xyz[k++] = ox + d[0] * len;
                xyz[k++] = oy + d[1] * len;
                xyz[k++] = SENSOR_Z + d[2] * len;
            }
        }
        return xyz;
    }

    static double cast(List<double[]> boxes, double[] o, double[] d) {
        double best = d[2] < 0 ? -o[2] / d[2] : Double.POSITIVE_INFINITY;
        for (double[] b : boxes) {
            double t0 = 0, t1 = Double.POSITIVE_INFINITY;
            boolean miss = false;
            for (int k = 0; k < 3 && !miss; k++) {
                if (Math.abs(d[k]) < 1e-12) {
                    miss = o[k] < b[k] || o[k] > b[k + 3];
                    continue;
                }
                double ta = (b[k] - o[k]) / d[k], tb = (b[k + 3] - o[k]) / d[k];
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
