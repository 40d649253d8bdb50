package mechos.bench.drivers;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import mechos.hal.serial.internal.rplidar.ScanAssembler;
import mechos.hal.serial.internal.rplidar.ScanNode;

/**
 * Issue 13: the cost of the RPLIDAR plausibility filter per revolution. One op = one revolution of {@code nodes}
 * nodes into a 360-beam scan, published when the next revolution starts; {@code noise} is the fraction of nodes
 * replaced by misaligned decodes (random angle, random start flag). Baseline: the assembler before the filter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScanAssemblerBench {
    @Param({ "360", "1440" })
    int nodes;

    @Param({ "0", "0.2" })
    double noise;

    private ScanNode[] revolution;
    private ScanAssembler filtered;
    private LegacyScanAssembler legacy;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole bh) {
        sink = bh;
        SplittableRandom rnd = new SplittableRandom(42);
        revolution = new ScanNode[nodes];
        for (int i = 0; i < nodes; i++) {
            double a = i * 360.0 / nodes;
            revolution[i] = rnd.nextDouble() < noise && i > 0
                    ? new ScanNode(rnd.nextInt(64), rnd.nextDouble(360), rnd.nextDouble(12000), rnd.nextBoolean())
                    : new ScanNode(47, a, 500 + 5 * a, i == 0);
        }
        filtered = new ScanAssembler(360, "laser", 0.15, 12, 32, 0.9, 20, sink::consume);
        legacy = new LegacyScanAssembler(360, "laser", 0.15, 12, 8, sink::consume);
    }

    @Benchmark
    public void withPlausibilityFilter() {
        for (ScanNode n : revolution) {
            filtered.accept(n, 0);
        }
    }

    @Benchmark
    public void baselineWithoutFilter() {
        for (ScanNode n : revolution) {
            legacy.accept(n, 0);
        }
    }
}
