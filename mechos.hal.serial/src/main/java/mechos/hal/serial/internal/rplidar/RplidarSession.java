package mechos.hal.serial.internal.rplidar;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.hal.api.LaserScan;
import mechos.hal.serial.internal.port.LinkReader;
import mechos.hal.serial.internal.port.SerialLink;
import mechos.hal.serial.internal.port.Session;
import mechos.hal.support.DeviceFaultException;
import mechos.hal.support.HealthTracker;

/**
 * One connection to an RPLIDAR: STOP, GET_HEALTH (an error status is a FAULT), GET_INFO, optional motor PWM,
 * SCAN, then standard scan nodes until the port fails, the data stops, or the settings change. STOP is sent on
 * the way out. Malformed bytes are rejected and counted; a revolution with rejects makes the device DEGRADED.
 */
final class RplidarSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(RplidarSession.class);

    private final Supplier<RplidarOptions> options;
    private final HealthTracker health;
    private final Consumer<LaserScan> publisher;
    private final ScanNodeParser parser = new ScanNodeParser();
    /** Bytes rejected while looking for response descriptors. */
    private final AtomicLong rejectedDescriptorBytes = new AtomicLong();
    private final AtomicLong scans = new AtomicLong();
    private volatile RplidarInfo info;
    /** Revolutions with fewer nodes are never published (the old driver published revolutions of 8 nodes). */
    static final int MIN_NODES = 32;
    static final long WINDOW_MS = 250;
    /** A window with fewer scan bytes says too little to judge the error rate. */
    static final long MIN_WINDOW_BYTES = 250;
    private long rejectedAtLastScan;
    private long implausibleAtLastScan;
    private volatile ScanAssembler assembler;
    private volatile boolean faulted;
    private volatile double lastErrorRate;
    private boolean warning;
    private int warningCode;

    RplidarSession(Supplier<RplidarOptions> options, HealthTracker health, Consumer<LaserScan> publisher) {
        this.options = options;
        this.health = health;
        this.publisher = publisher;
    }

    /** @return the assembler of one scan with these options (made on the I/O thread when a scan starts) */
    static ScanAssembler assembler(RplidarOptions o, Consumer<LaserScan> sink) {
        return new ScanAssembler(o.beams(), o.frameId(), o.rangeMin(), o.rangeMax(), MIN_NODES, o.minCoverage(),
                o.maxStepDeg(), sink);
    }

    @Override
    public void run(SerialLink link, BooleanSupplier keepGoing)
            throws IOException, DeviceFaultException, InterruptedException {
        RplidarOptions o = options.get();
        LinkReader in = new LinkReader(link);
        if (!link.setDtr(false)) {
            LOG.debug("port has no DTR line; motor control by DTR unavailable");
        }
        link.write(RplidarProtocol.request(RplidarProtocol.CMD_STOP));
        drainQuietly(in, o);

        link.write(RplidarProtocol.request(RplidarProtocol.CMD_GET_HEALTH));
        RplidarHealth h = RplidarHealth.parse(response(in, "GET_HEALTH", RplidarProtocol.TYPE_HEALTH,
                RplidarProtocol.HEALTH_LENGTH, o));
        if (h.status() == RplidarHealth.ERROR) {
            link.write(RplidarProtocol.request(RplidarProtocol.CMD_RESET));
            throw new DeviceFaultException(String.format("RPLIDAR reports an error (code 0x%04X); reset sent",
                    h.errorCode()));
        }
        warning = h.status() == RplidarHealth.WARNING;
        warningCode = h.errorCode();

        link.write(RplidarProtocol.request(RplidarProtocol.CMD_GET_INFO));
        info = RplidarInfo.parse(
                response(in, "GET_INFO", RplidarProtocol.TYPE_INFO, RplidarProtocol.INFO_LENGTH, o));
        LOG.info("RPLIDAR connected: {}", info);

        if (o.motorPwm() > 0) {
            link.write(RplidarProtocol.motorPwm(o.motorPwm()));
        }
        link.write(RplidarProtocol.request(RplidarProtocol.CMD_SCAN));
        descriptor(in, "SCAN", RplidarProtocol.TYPE_SCAN, RplidarProtocol.SCAN_NODE_LENGTH, o);
        health.degraded("scan started, waiting for the first revolution");

        ScanAssembler assembler = assembler(o, this::onScan);
        this.assembler = assembler;
        parser.reset();
        rejectedAtLastScan = parser.rejectedBytes();
        implausibleAtLastScan = 0;
        faulted = false;
        byte[] chunk = new byte[512];
        long lastData = System.nanoTime();
        ErrorWindow window = new ErrorWindow(lastData);
        try {
            while (keepGoing.getAsBoolean()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                int n = in.readSome(chunk);
                long now = System.nanoTime();
                if (n > 0) {
                    lastData = now;
                    health.exchanged();
                    parser.feed(chunk, 0, n, node -> assembler.accept(node, now));
                    window.update(now, o);
                    continue;
                }
                long silentMs = TimeUnit.NANOSECONDS.toMillis(now - lastData);
                if (silentMs >= o.silenceOfflineMs()) {
                    throw new IOException("RPLIDAR sent no scan data for " + silentMs + " ms");
                }
                if (silentMs >= o.silenceDegradedMs()) {
                    health.degraded("no scan data for " + silentMs + " ms");
                }
            }
        } finally {
            try {
                link.write(RplidarProtocol.request(RplidarProtocol.CMD_STOP));
            } catch (IOException e) {
                LOG.debug("STOP not sent: port already gone", e);
            }
        }
    }

    /**
     * The scan error rate over windows of {@value #WINDOW_MS} ms: bytes rejected by the parser plus 5 bytes per
     * implausible node, over all scan bytes. Above {@code error.rate.fault} the LiDAR is FAULT and publishes
     * nothing until a window is clean again.
     */
    private final class ErrorWindow {
        private long startNanos;
        private long rejected0 = parser.rejectedBytes();
        private long accepted0 = parser.acceptedNodes();
        private long implausible0;

        ErrorWindow(long now) {
            startNanos = now;
        }

        void update(long now, RplidarOptions o) {
            if (now - startNanos < TimeUnit.MILLISECONDS.toNanos(WINDOW_MS)) {
                return;
            }
            long rejected = parser.rejectedBytes() - rejected0;
            long implausible = assembler.implausibleNodes() - implausible0;
            long accepted = parser.acceptedNodes() - accepted0;
            long total = rejected + RplidarProtocol.SCAN_NODE_LENGTH * accepted;
            long bad = rejected + RplidarProtocol.SCAN_NODE_LENGTH * implausible;
            if (total >= MIN_WINDOW_BYTES) {
                double rate = (double) bad / total;
                lastErrorRate = rate;
                if (rate > o.errorRateFault()) {
                    if (!faulted) {
                        LOG.warn("RPLIDAR scan error rate {}% exceeds error.rate.fault {}% ({} bytes rejected, {} "
                                + "implausible nodes of {} in {} ms); publishing no scans", pct(rate),
                                pct(o.errorRateFault()), rejected, implausible, accepted,
                                TimeUnit.NANOSECONDS.toMillis(now - startNanos));
                    }
                    faulted = true;
                    health.fault(String.format("scan error rate %s%% > %s%% (noisy line); no scans published",
                            pct(rate), pct(o.errorRateFault())));
                } else if (faulted) {
                    faulted = false;
                    LOG.info("RPLIDAR scan error rate back to {}%; publishing again", pct(rate));
                    health.degraded(String.format("scan error rate %s%%, recovering", pct(rate)));
                }
            }
            startNanos = now;
            rejected0 = parser.rejectedBytes();
            accepted0 = parser.acceptedNodes();
            implausible0 = assembler.implausibleNodes();
        }
    }

    private static String pct(double rate) {
        return String.format(java.util.Locale.ROOT, "%.1f", rate * 100);
    }

    private void onScan(LaserScan scan) {
        long rejected = parser.rejectedBytes();
        long fresh = rejected - rejectedAtLastScan;
        rejectedAtLastScan = rejected;
        long implausible = assembler.implausibleNodes();
        long freshImplausible = implausible - implausibleAtLastScan;
        implausibleAtLastScan = implausible;
        if (faulted) {
            return; // above the error rate nothing is published: a noisy sensor must never clear obstacles
        }
        scans.incrementAndGet();
        if (fresh > 0 || freshImplausible > 0) {
            health.degraded(fresh + " malformed scan bytes and " + freshImplausible
                    + " implausible nodes rejected in the last revolution");
        } else if (warning) {
            health.degraded(String.format("RPLIDAR health warning (code 0x%04X)", warningCode));
        } else {
            health.online();
        }
        publisher.accept(scan);
    }

    /** Reads the descriptor and the single response of a request. */
    private byte[] response(LinkReader in, String what, int type, int length, RplidarOptions o)
            throws IOException {
        long deadline = descriptor(in, what, type, length, o);
        byte[] data = new byte[length];
        if (!in.readFully(data, deadline)) {
            throw new IOException("RPLIDAR answer to " + what + " was truncated");
        }
        return data;
    }

    /** Waits for a descriptor of the expected type, skipping (and counting) anything else; returns the deadline. */
    private long descriptor(LinkReader in, String what, int type, int length, RplidarOptions o) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(o.replyTimeoutMs());
        byte[] d = new byte[ResponseDescriptor.LENGTH];
        int have = 0;
        while (true) {
            int b = in.read(deadline);
            if (b < 0) {
                throw new IOException("no valid answer to " + what + " within " + o.replyTimeoutMs() + " ms");
            }
            if (have == 0) {
                if (b == RplidarProtocol.SYNC1) {
                    d[have++] = (byte) b;
                } else {
                    rejectedDescriptorBytes.incrementAndGet();
                }
                continue;
            }
            if (have == 1 && b != RplidarProtocol.SYNC2) {
                rejectedDescriptorBytes.incrementAndGet();
                if (b != RplidarProtocol.SYNC1) {
                    rejectedDescriptorBytes.incrementAndGet();
                    have = 0;
                }
                continue;
            }
            d[have++] = (byte) b;
            if (have == ResponseDescriptor.LENGTH) {
                ResponseDescriptor rd = ResponseDescriptor.parse(d, 0);
                if (rd != null && rd.dataType() == type && rd.length() == length) {
                    return deadline;
                }
                rejectedDescriptorBytes.addAndGet(have);
                LOG.debug("unexpected RPLIDAR descriptor {} while waiting for {}", rd, what);
                have = 0;
            }
        }
    }

    /** Discards what a running scan may still be sending after STOP (the device needs a moment to stop). */
    private static void drainQuietly(LinkReader in, RplidarOptions o) throws IOException {
        byte[] scratch = new byte[512];
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(100, o.replyTimeoutMs()));
        while (System.nanoTime() < until) {
            if (in.readSome(scratch) == 0) {
                break;
            }
        }
        in.discard();
    }

    @Override
    public void disconnected() {
        parser.reset();
    }

    long rejectedBytes() {
        return parser.rejectedBytes() + rejectedDescriptorBytes.get();
    }

    long acceptedNodes() {
        return parser.acceptedNodes();
    }

    long scans() {
        return scans.get();
    }

    long implausibleNodes() {
        ScanAssembler a = assembler;
        return a == null ? 0 : a.implausibleNodes();
    }

    double lastErrorRate() {
        return lastErrorRate;
    }

    RplidarInfo info() {
        return info;
    }
}
