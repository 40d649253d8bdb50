package mechos.bench.perception;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;
import mechos.perception.internal.octree.OccupancyOctree;
import mechos.perception.internal.octree.OctreeParams;
import mechos.perception.internal.octree.OctreeSnapshot;

/**
 * Side-by-side comparison with OctoMap on the same data, in one run: generates a synthetic 3-D world (a 20 m
 * room with pillars and a floor), a trajectory of 4-ring, 720-beam LiDAR scans (10 m max range), and a set of
 * queries; writes them to one file; measures the MechOS octree; runs {@code bench/octomap}'s harness on the same
 * file; prints both. Usage: {@code java -cp benchmarks.jar mechos.bench.perception.OctreeComparison
 * <octomap_bench binary> [scans] [queries]}.
 */
public final class OctreeComparison {
    static final double RES = 0.05, MAX_RANGE = 10, SENSOR_Z = 0.3;
    static final int BEAMS = 720;
    static final double[] RINGS = {-0.12, -0.04, 0.04, 0.12};

    private OctreeComparison() {
    }

    /** Boxes {x0,y0,z0,x1,y1,z1}; the floor is z = 0. */
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

    record Scan(double ox, double oy, double oz, double[] xyz) {
    }

    static List<Scan> scans(List<double[]> boxes, int n) {
        List<Scan> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            double a = 2 * Math.PI * s / n;
            double ox = 6 * Math.cos(a), oy = 4 * Math.sin(2 * a);
            double[] xyz = new double[BEAMS * RINGS.length * 3];
            int k = 0;
            for (double el : RINGS) {
                for (int i = 0; i < BEAMS; i++) {
                    double az = -Math.PI + i * 2 * Math.PI / BEAMS;
                    double[] d = {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
                    double r = cast(boxes, new double[] {ox, oy, SENSOR_Z}, d);
                    // no return: an endpoint beyond the max range (clears only), as the LiDAR integration does
                    double len = r <= MAX_RANGE ? r : MAX_RANGE * 1.01 + 0.01;
                    xyz[k++] = ox + d[0] * len;
                    xyz[k++] = oy + d[1] * len;
                    xyz[k++] = SENSOR_Z + d[2] * len;
                }
            }
            out.add(new Scan(ox, oy, SENSOR_Z, xyz));
        }
        return out;
    }

    /** x, y, θ, v, ω, footprint r, horizon, segment start xyz, segment end xyz. */
    static double[][] queries(Random rnd, int n) {
        double[][] q = new double[n][];
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble() * 16 - 8, y = rnd.nextDouble() * 16 - 8, th = rnd.nextDouble() * 2 * Math.PI - Math.PI;
            double v = 0.2 + rnd.nextDouble(), w = rnd.nextDouble() - 0.5;
            q[i] = new double[] {x, y, th, v, w, 0.3, 3.0, x, y, SENSOR_Z, x + 1.5 * Math.cos(th), y + 1.5 * Math.sin(th),
                SENSOR_Z};
        }
        return q;
    }

    static void write(Path file, OctreeParams p, List<Scan> scans, double[][] queries) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            DataOutputStream out = new DataOutputStream(os);
            java.util.function.DoubleConsumer d = v -> {
                bb.clear();
                bb.putDouble(v);
                try {
                    out.write(bb.array(), 0, 8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            java.util.function.IntConsumer i4 = v -> {
                bb.clear();
                bb.putInt(v);
                try {
                    out.write(bb.array(), 0, 4);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            for (double v : new double[] {p.resolution(), p.probHit(), p.probMiss(), p.clampMin(), p.clampMax(),
                p.occupancy(), p.minZ(), p.maxZ(), MAX_RANGE}) {
                d.accept(v);
            }
            i4.accept(scans.size());
            for (Scan s : scans) {
                d.accept(s.ox());
                d.accept(s.oy());
                d.accept(s.oz());
                i4.accept(s.xyz().length / 3);
                for (double v : s.xyz()) {
                    d.accept(v);
                }
            }
            i4.accept(queries.length);
            for (double[] q : queries) {
                for (double v : q) {
                    d.accept(v);
                }
            }
            out.flush();
        }
    }

    static OccupancyOctree build(OctreeParams p, List<Scan> scans) {
        OccupancyOctree t = new OccupancyOctree(p);
        for (Scan s : scans) {
            t.insertPointCloud(s.ox(), s.oy(), s.oz(), s.xyz(), s.xyz().length / 3, MAX_RANGE);
            t.publish(System.nanoTime());
        }
        return t;
    }

    static long pct(long[] v, double p) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[(int) Math.min(c.length - 1, p * c.length)];
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    public static void main(String[] args) throws Exception {
        String octomap = args.length > 0 ? args[0] : "bench/octomap/target/octomap_bench";
        int nScans = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int nQueries = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Random rnd = new Random(1);
        OctreeParams p = OctreeParams.defaults().withResolution(RES);
        List<Scan> scans = scans(world(rnd), nScans);
        double[][] queries = queries(rnd, nQueries);
        Path file = Files.createTempFile("mechos-octree-bench", ".bin");
        write(file, p, scans, queries);
        long points = (long) nScans * BEAMS * RINGS.length;

        Map<String, String> r = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            build(p, scans); // warm-up (JIT)
        }
        long before = usedHeap();
        long t0 = System.nanoTime();
        OccupancyOctree tree = build(p, scans);
        double secs = (System.nanoTime() - t0) * 1e-9;
        long heap = usedHeap() - before;
        OctreeSnapshot s = tree.snapshot();
        r.put("mechos.points", Long.toString(points));
        r.put("mechos.insert_seconds", String.format("%.6f", secs));
        r.put("mechos.points_per_second", String.format("%.0f", points / secs));
        r.put("mechos.memory_bytes_estimated", Long.toString(s.stats().estimatedBytes()));
        r.put("mechos.memory_bytes_heap", Long.toString(heap));
        r.put("mechos.nodes", Long.toString(s.stats().nodes()));

        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        build(p, scans);
        r.put("mechos.insert_cpu_points_per_second", String.format("%.0f", points / ((mx.getCurrentThreadCpuTime() - c0) * 1e-9)));
        long[] seg = new long[nQueries], ttc = new long[nQueries], segCpu = new long[nQueries], ttcCpu = new long[nQueries];
        int notClear = 0;
        double ttcSum = 0;
        for (int rep = 0; rep < 3; rep++) {
            notClear = 0;
            ttcSum = 0;
            for (int i = 0; i < nQueries; i++) {
                double[] q = queries[i];
                long ca = mx.getCurrentThreadCpuTime();
                long a = System.nanoTime();
                boolean clear = s.segmentClear(new Point3(q[7], q[8], q[9]), new Point3(q[10], q[11], q[12]), q[5]);
                long b = System.nanoTime();
                long cb = mx.getCurrentThreadCpuTime();
                double t = s.timeToCollision(new Pose2D(q[0], q[1], q[2]), q[3], q[4], q[5], q[6]);
                long cc = mx.getCurrentThreadCpuTime();
                long c = System.nanoTime();
                segCpu[i] = cb - ca;
                ttcCpu[i] = cc - cb;
                seg[i] = b - a;
                ttc[i] = c - b;
                notClear += clear ? 0 : 1;
                ttcSum += Double.isFinite(t) ? t : 0;
            }
        }
        r.put("mechos.segment_p50_ns", Long.toString(pct(seg, 0.5)));
        r.put("mechos.segment_p99_ns", Long.toString(pct(seg, 0.99)));
        r.put("mechos.segment_not_clear", Integer.toString(notClear));
        r.put("mechos.segment_cpu_p50_ns", Long.toString(pct(segCpu, 0.5)));
        r.put("mechos.segment_cpu_p99_ns", Long.toString(pct(segCpu, 0.99)));
        r.put("mechos.ttc_cpu_p50_ns", Long.toString(pct(ttcCpu, 0.5)));
        r.put("mechos.ttc_cpu_p99_ns", Long.toString(pct(ttcCpu, 0.99)));
        r.put("mechos.ttc_p50_ns", Long.toString(pct(ttc, 0.5)));
        r.put("mechos.ttc_p99_ns", Long.toString(pct(ttc, 0.99)));
        r.put("mechos.ttc_sum", String.format("%.3f", ttcSum));

        String out = "";
        int rc = 0;
        if (!octomap.equals("-")) {
            Process proc = new ProcessBuilder(octomap, file.toString()).redirectErrorStream(true).start();
            out = new String(proc.getInputStream().readAllBytes());
            rc = proc.waitFor();
        }
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                r.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        Files.deleteIfExists(file);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("data: %d scans x %d points = %d points, %d queries, resolution %.2f m, max range %.0f m%n",
                nScans, BEAMS * RINGS.length, points, nQueries, RES, MAX_RANGE));
        r.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        if (octomap.equals("-")) {
            sb.append("octomap harness skipped\n");
        } else if (rc != 0) {
            sb.append("octomap harness exit code ").append(rc).append('\n').append(out);
        } else {
            double mPts = Double.parseDouble(r.get("mechos.points_per_second"));
            double oPts = Double.parseDouble(r.get("octomap.points_per_second"));
            sb.append(String.format("insertion speed ratio mechos/octomap = %.2f (wall clock), %.2f (thread CPU time)%n",
                    mPts / oPts, Double.parseDouble(r.get("mechos.insert_cpu_points_per_second"))
                            / Double.parseDouble(r.get("octomap.insert_cpu_points_per_second"))));
            sb.append(String.format("memory per million observed points: mechos %.1f MB (estimate) / %.1f MB (heap), octomap %.1f MB%n",
                    Double.parseDouble(r.get("mechos.memory_bytes_estimated")) / (points / 1e6) / 1e6,
                    Double.parseDouble(r.get("mechos.memory_bytes_heap")) / (points / 1e6) / 1e6,
                    Double.parseDouble(r.get("octomap.memory_bytes")) / (points / 1e6) / 1e6));
        }
        System.out.print(sb);
    }
}
