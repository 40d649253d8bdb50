package mechos.bench.perception;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import mechos.hal.api.Point3;
import mechos.hal.api.Pose2D;
import mechos.perception.internal.octree.OccupancyOctree;
import mechos.perception.internal.octree.OctreeParams;
import mechos.perception.internal.octree.OctreeSnapshot;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH view of the same workload as {@link OctreeComparison} (Java side only): per-scan insertion time and the
 * latency distribution (SampleTime gives p50/p99) of the clearance queries on a built map.
 * Run: {@code java -jar bench/target/benchmarks.jar OctreeBench}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class OctreeBench {
    private List<OctreeComparison.Scan> scans;
    private double[][] queries;
    private OctreeSnapshot map;
    private OccupancyOctree tree;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(1);
        scans = OctreeComparison.scans(OctreeComparison.world(rnd), 60);
        queries = OctreeComparison.queries(rnd, 4096);
        map = OctreeComparison.build(OctreeParams.defaults(), scans).snapshot();
        tree = new OccupancyOctree(OctreeParams.defaults());
    }

    /** One 2880-point scan integrated and published (ns/op ÷ 2880 = ns per point). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public OctreeSnapshot insertScan() {
        OctreeComparison.Scan s = scans.get(next++ % scans.size());
        tree.insertPointCloud(s.ox(), s.oy(), s.oz(), s.xyz(), s.xyz().length / 3, OctreeComparison.MAX_RANGE);
        return tree.publish(next);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean segmentClear() {
        double[] q = queries[next++ & 4095];
        return map.segmentClear(new Point3(q[7], q[8], q[9]), new Point3(q[10], q[11], q[12]), q[5]);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double timeToCollision() {
        double[] q = queries[next++ & 4095];
        return map.timeToCollision(new Pose2D(q[0], q[1], q[2]), q[3], q[4], q[5], q[6]);
    }
}
