package mechos.bench.drivers;

import java.util.Arrays;
import java.util.function.Consumer;

import mechos.hal.api.LaserScan;
import mechos.hal.serial.internal.rplidar.ScanNode;

/**
 * The ScanAssembler before issue 13 (no plausibility filter), kept verbatim as the baseline of
 * {@link ScanAssemblerBench}. Collects the nodes of one revolution and turns them into a {@link LaserScan} with a fixed number of beams
 * when the next revolution starts (the node with the start flag). RPLIDAR angles grow clockwise; the scan is
 * REP 103/117 (counter-clockwise), so a node at {@code a} degrees becomes a beam at {@code -a}. Each beam keeps
 * the nearest return that falls into it; beams without one are +∞. Not thread-safe (one I/O thread).
 */
final class LegacyScanAssembler {
    private final int beams;
    private final String frameId;
    private final double rangeMin;
    private final double rangeMax;
    private final int minNodes;
    private final Consumer<LaserScan> sink;
    private double[] ranges;
    private double[] intensities;
    private int nodes;
    private long startNanos;
    private boolean started;

    /**
     * @param beams    beams per scan (e.g. 360 for 1°)
     * @param minNodes revolutions with fewer valid nodes are dropped (a partial first revolution)
     */
    LegacyScanAssembler(int beams, String frameId, double rangeMin, double rangeMax, int minNodes,
            Consumer<LaserScan> sink) {
        if (beams < 1) {
            throw new IllegalArgumentException("scan.beams must be >= 1, was " + beams);
        }
        if (!(rangeMin >= 0) || !(rangeMax > rangeMin)) {
            throw new IllegalArgumentException("range.min.m/range.max.m must satisfy 0 <= min < max, were "
                    + rangeMin + "/" + rangeMax);
        }
        this.beams = beams;
        this.frameId = frameId;
        this.rangeMin = rangeMin;
        this.rangeMax = rangeMax;
        this.minNodes = minNodes;
        this.sink = sink;
        clear();
    }

    /** Adds one node received at {@code nanos}; emits the previous revolution when this one starts a new one. */
    public void accept(ScanNode node, long nanos) {
        if (node.start()) {
            if (started && nodes >= minNodes) {
                sink.accept(new LaserScan(startNanos, frameId, -Math.PI, 2 * Math.PI / beams, rangeMin, rangeMax,
                        ranges, intensities));
            }
            clear();
            started = true;
            startNanos = nanos;
        }
        if (!started) {
            return;
        }
        nodes++;
        if (node.distanceMm() <= 0) {
            return;
        }
        double angle = -Math.toRadians(node.angleDeg());
        int i = beamIndex(angle);
        double r = node.distanceMm() / 1000.0;
        if (r < ranges[i]) {
            ranges[i] = r;
            intensities[i] = node.quality();
        }
    }

    int beamIndex(double angleRad) {
        double fromMin = angleRad + Math.PI;
        double turns = fromMin / (2 * Math.PI);
        fromMin -= Math.floor(turns) * 2 * Math.PI;
        int i = (int) Math.floor(fromMin / (2 * Math.PI / beams) + 1e-9);
        return Math.floorMod(i, beams);
    }

    /** Drops the revolution in progress (after a reconnect or a scan restart). */
    public void reset() {
        clear();
        started = false;
    }

    private void clear() {
        ranges = new double[beams];
        intensities = new double[beams];
        Arrays.fill(ranges, Double.POSITIVE_INFINITY);
        nodes = 0;
    }
}
