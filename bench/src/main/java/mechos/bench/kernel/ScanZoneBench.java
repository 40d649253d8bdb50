package mechos.bench.kernel;

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

import mechos.kernel.api.RobotScan;
import mechos.kernel.internal.core.Footprint;
import mechos.kernel.internal.core.ScanZone;
import mechos.kernel.internal.core.ZoneOptions;

/**
 * Issue 14: the raw-scan zone's polygon check per scan, as the safety tick pays it when a scan is pushed. One op =
 * a new scan of {@code points} returns (a 4 m × 3 m room seen from 0.5 m off one wall, ±1 cm noise) and one
 * assessment of the commanded motion (stop / slow polygons and the time to collision of the footprint simulated
 * along the twist). Footprints: the default (0.25 m radius as a 16-gon) and a 0.6 × 0.4 m rectangle; motions: a
 * forward arc and a turn in place.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ScanZoneBench {
    @Param({ "360", "1440" })
    int points;

    @Param({ "circle16", "rectangle" })
    String footprint;

    @Param({ "arc", "turn" })
    String motion;

    private RobotScan[] scans;
    private ScanZone zone;
    private int next;
    private double v;
    private double w;

    @Setup
    public void setUp() {
        ZoneOptions o = new ZoneOptions("rectangle".equals(footprint) ? Footprint.rectangle(0.6, 0.4) : null, 0.05,
                0.15, 2);
        zone = new ScanZone(System::nanoTime, () -> o);
        v = "arc".equals(motion) ? 0.4 : 0;
        w = "arc".equals(motion) ? 0.5 : 1.0;
        SplittableRandom rnd = new SplittableRandom(14);
        scans = new RobotScan[16];
        for (int s = 0; s < scans.length; s++) {
            double[] xy = new double[2 * points];
            for (int i = 0; i < points; i++) {
                double a = -Math.PI + 2 * Math.PI * i / points;
                double r = rayToRoom(Math.cos(a), Math.sin(a)) + rnd.nextDouble(-0.01, 0.01);
                xy[2 * i] = r * Math.cos(a);
                xy[2 * i + 1] = r * Math.sin(a);
            }
            scans[s] = new RobotScan(System.nanoTime(), xy, points, 0);
        }
    }

    /** Distance along a ray from the robot to the room's walls: x in [-3.5, 0.5], y in [-1.5, 1.5]. */
    private static double rayToRoom(double dx, double dy) {
        double t = Double.POSITIVE_INFINITY;
        if (dx > 0) {
            t = Math.min(t, 0.5 / dx);
        } else if (dx < 0) {
            t = Math.min(t, -3.5 / dx);
        }
        if (dy > 0) {
            t = Math.min(t, 1.5 / dy);
        } else if (dy < 0) {
            t = Math.min(t, -1.5 / dy);
        }
        return t;
    }

    @Benchmark
    public ScanZone.Answer scanPushAndAssess() {
        zone.update(scans[next++ & (scans.length - 1)]);
        return zone.assess(v, w, 0.25, 3);
    }
}
