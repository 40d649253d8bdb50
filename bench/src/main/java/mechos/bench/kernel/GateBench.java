package mechos.bench.kernel;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import mechos.kernel.api.Decision;
import mechos.kernel.api.Drive;

/**
 * Decision latency of {@code Kernel.submit} (target p99 &lt; 50 µs): the real gate with all built-in rules,
 * dev-mode signed grants, one drive base; every approved Drive is also dispatched (asynchronously).
 * SampleTime mode reports p50/p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GateBench {
    private KernelBenchSupport k;
    private final Drive approved = new Drive(0.05, 0.1);
    private final Drive overCap = new Drive(0.9, 0.1);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        k = new KernelBenchSupport(Map.of("lease__ms", 2000L));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        k.close();
    }

    @Benchmark
    public Decision submitApproved() {
        return k.kernel.submit("brain", approved);
    }

    @Benchmark
    public Decision submitRejected() {
        return k.kernel.submit("brain", overCap);
    }
}
