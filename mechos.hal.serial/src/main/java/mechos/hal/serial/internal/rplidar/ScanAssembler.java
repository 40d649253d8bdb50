package mechos.hal.serial.internal.rplidar;

import java.util.Arrays;
import java.util.function.Consumer;

import mechos.hal.api.LaserScan;

/**
 * Collects the nodes of one revolution and turns them into a {@link LaserScan} with a fixed number of beams
 * when the next revolution starts (the node with the start flag). RPLIDAR angles grow clockwise; the scan is
 * REP 103/117 (counter-clockwise), so a node at {@code a} degrees becomes a beam at {@code -a}. Not thread-safe
 * (one I/O thread).
 *
 * <p><b>Beam states</b> ({@link LaserScan} contract): a bin keeps the nearest return that falls into it; a bin
 * whose nodes all reported no echo (distance 0, or beyond {@code rangeMax}) is +∞ (measured max range); a bin no
 * node covered, or covered only by readings below {@code rangeMin}, is NaN (unknown) &mdash; never free space.
 *
 * <p><b>Plausibility</b> (a noisy line must never publish a scan that clears obstacles). A node that passed the
 * parser's check bits can still be a misaligned decode of damaged bytes: its angle is then random. Each node must
 * continue the sweep: its clockwise step from the last accepted node is at most {@code maxStepDeg} (a small
 * step back is jitter, accepted without moving the sweep). Others are <em>implausible</em>, counted and dropped
 * (including their start flag); after {@value #REANCHOR_AFTER} implausible nodes in a row the sweep re-anchors on
 * the current node (the device really moved on, e.g. after lost bytes). A revolution is published only when its
 * nodes cover at least {@code minCoverage} of the 36 10° sectors and it has {@code minNodes} nodes; a start flag
 * that arrives before that is treated as implausible too, so a stray start cannot split a revolution.
 */
public final class ScanAssembler {
    static final int SECTORS = 36;
    static final int REANCHOR_AFTER = 3;
    /** Clockwise steps back smaller than this are measurement jitter, not a misaligned node. */
    static final double JITTER_DEG = 2.0;

    private final int beams;
    private final String frameId;
    private final double rangeMin;
    private final double rangeMax;
    private final int minNodes;
    private final double minCoverage;
    private final double maxStepDeg;
    private final Consumer<LaserScan> sink;
    private double[] ranges;
    private double[] intensities;
    private final boolean[] sectors = new boolean[SECTORS];
    private int sectorCount;
    private int nodes;
    private long startNanos;
    private boolean started;
    private double lastAngle = Double.NaN;
    private int implausibleInARow;
    private long implausibleNodes;
    private long droppedRevolutions;
    private long published;

    /**
     * @param beams    beams per scan (e.g. 360 for 1°)
     * @param minNodes revolutions with fewer valid nodes are dropped (a partial first revolution)
     */
    public ScanAssembler(int beams, String frameId, double rangeMin, double rangeMax, int minNodes,
            Consumer<LaserScan> sink) {
        this(beams, frameId, rangeMin, rangeMax, minNodes, 0.9, 20, sink);
    }

    /**
     * @param minCoverage fraction (0..1] of 10° sectors a revolution must cover to be published
     * @param maxStepDeg  largest clockwise step between consecutive nodes of one sweep, degrees
     */
    public ScanAssembler(int beams, String frameId, double rangeMin, double rangeMax, int minNodes,
            double minCoverage, double maxStepDeg, Consumer<LaserScan> sink) {
        checkBeams(beams);
        checkRange(rangeMin, rangeMax);
        if (!(minCoverage > 0 && minCoverage <= 1)) {
            throw new IllegalArgumentException("scan.min.coverage must be in (0, 1], was " + minCoverage);
        }
        if (!(maxStepDeg > 0 && maxStepDeg <= 180)) {
            throw new IllegalArgumentException("scan.max.step.deg must be in (0, 180], was " + maxStepDeg);
        }
        this.beams = beams;
        this.frameId = frameId;
        this.rangeMin = rangeMin;
        this.rangeMax = rangeMax;
        this.minNodes = minNodes;
        this.minCoverage = minCoverage;
        this.maxStepDeg = maxStepDeg;
        this.sink = sink;
        clear();
    }

    /**
     * Most beams a scan may have: the I/O thread allocates this many bins per revolution. 8192 is finer than any
     * RPLIDAR resolves (an S3 gives 3200 samples per revolution at 10 Hz); a larger value is a typo, not a sensor.
     */
    static final int MAX_BEAMS = 8192;

    /** @throws IllegalArgumentException unless 1 <= beams <= {@value #MAX_BEAMS} (configuration key {@code scan.beams}) */
    static void checkBeams(int beams) {
        if (beams < 1 || beams > MAX_BEAMS) {
            throw new IllegalArgumentException("scan.beams must be 1.." + MAX_BEAMS + ", was " + beams);
        }
    }

    /** @throws IllegalArgumentException unless {@code 0 <= rangeMin < rangeMax} (keys {@code range.min.m/range.max.m}) */
    static void checkRange(double rangeMin, double rangeMax) {
        if (!(rangeMin >= 0) || !(rangeMax > rangeMin)) {
            throw new IllegalArgumentException("range.min.m/range.max.m must satisfy 0 <= min < max, were "
                    + rangeMin + "/" + rangeMax);
        }
    }

    /** Adds one node received at {@code nanos}; emits the previous revolution when this one starts a new one. */
    public void accept(ScanNode node, long nanos) {
        if (!started) {
            // nothing to judge against yet: follow the sweep until the first start flag begins a revolution
            lastAngle = node.angleDeg();
            implausibleInARow = 0;
            if (!node.start()) {
                return;
            }
        } else if (!continuesSweep(node.angleDeg())) {
            return;
        }
        if (node.start()) {
            if (started && !revolutionComplete()) {
                // A start flag before the sweep went round: a stray (misaligned) start, or a revolution that lost
                // most of its nodes. Either way not a boundary; the node itself is kept as data only if plausible.
                implausibleNodes++;
                return;
            }
            if (started) {
                if (nodes >= minNodes) {
                    published++;
                    sink.accept(new LaserScan(startNanos, frameId, -Math.PI, 2 * Math.PI / beams, rangeMin,
                            rangeMax, ranges, intensities));
                } else {
                    droppedRevolutions++;
                }
            }
            clear();
            started = true;
            startNanos = nanos;
        }
        if (!started) {
            return;
        }
        nodes++;
        int sector = Math.floorMod((int) Math.floor(node.angleDeg() / (360.0 / SECTORS)), SECTORS);
        if (!sectors[sector]) {
            sectors[sector] = true;
            sectorCount++;
        }
        double angle = -Math.toRadians(node.angleDeg());
        int i = beamIndex(angle);
        double r = node.distanceMm() / 1000.0;
        if (node.distanceMm() <= 0 || r > rangeMax) {
            // measured, nothing echoed within range: max range unless the bin already has something better
            if (Double.isNaN(ranges[i])) {
                ranges[i] = Double.POSITIVE_INFINITY;
            }
            return;
        }
        if (r < rangeMin) {
            return; // below the minimum range: not a valid return; the bin stays as it is (unknown if nothing else)
        }
        if (!(r >= ranges[i])) { // NaN and +∞ are replaced by any return; a nearer return wins
            ranges[i] = r;
            intensities[i] = node.quality();
        }
    }

    private boolean revolutionComplete() {
        return sectorCount >= Math.ceil(minCoverage * SECTORS - 1e-9);
    }

    /** @return true when the node continues the clockwise sweep (or re-anchors it); false for an implausible one */
    private boolean continuesSweep(double angleDeg) {
        if (Double.isNaN(lastAngle)) {
            lastAngle = angleDeg;
            return true;
        }
        double step = angleDeg - lastAngle;
        step -= Math.floor(step / 360.0) * 360.0; // clockwise step in [0, 360)
        if (step <= maxStepDeg) {
            lastAngle = angleDeg;
            implausibleInARow = 0;
            return true;
        }
        if (step >= 360 - JITTER_DEG) {
            implausibleInARow = 0;
            return true; // jitter: keep the node, the sweep does not move back
        }
        implausibleNodes++;
        if (++implausibleInARow >= REANCHOR_AFTER) {
            implausibleInARow = 0;
            lastAngle = angleDeg;
        }
        return false;
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
        lastAngle = Double.NaN;
        implausibleInARow = 0;
    }

    /** @return nodes dropped as implausible (misaligned angle, stray start flag) since construction */
    public long implausibleNodes() {
        return implausibleNodes;
    }

    /** @return revolutions dropped for too few nodes since construction */
    public long droppedRevolutions() {
        return droppedRevolutions;
    }

    public long published() {
        return published;
    }

    private void clear() {
        ranges = new double[beams];
        intensities = new double[beams];
        Arrays.fill(ranges, Double.NaN);
        Arrays.fill(sectors, false);
        sectorCount = 0;
        nodes = 0;
    }
}
