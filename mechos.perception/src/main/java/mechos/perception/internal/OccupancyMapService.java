package mechos.perception.internal;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import mechos.hal.api.Device;
import mechos.hal.api.LaserScan;
import mechos.hal.api.Lidar;
import mechos.hal.api.Subscription;
import mechos.kernel.api.bus.Topic;
import mechos.perception.api.InputStats;
import mechos.perception.api.MapStats;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.MapView;
import mechos.perception.api.OccupancyMap;
import mechos.perception.api.RejectReason;
import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;
import mechos.perception.internal.map.RobotFrameScan;
import mechos.perception.internal.map.ScanConverter;
import mechos.perception.internal.octree.OccupancyOctree;
import mechos.perception.internal.octree.OctreeParams;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import mechos.kernel.api.KernelTopics;
import mechos.kernel.api.WorldChanged;
import mechos.kernel.api.bus.EventBus;

/**
 * Subscribes to every LiDAR, and integrates each scan into the octree on its own single insertion thread (a
 * bounded queue; the driver's thread only checks the scan's size and enqueues it). Each scan is transformed to
 * the map frame with the transform tree at the scan's time (mount plus fused pose), inserted, and published as
 * a new immutable {@link MapView}. Queries read the newest view and never wait for insertion.
 */
@Component(service = OccupancyMap.class, configurationPid = OccupancyMapService.PID)
@Designate(ocd = MapConfig.class)
public final class OccupancyMapService implements OccupancyMap {
    public static final String PID = "mechos.perception.map";
    private static final Logger LOG = LoggerFactory.getLogger(OccupancyMapService.class);

    private final Transforms transforms;
    private final OccupancyOctree octree;
    private final String mapFrame;
    private final String baseFrame;
    private final double maxRange;
    private final int maxBeams;
    private final LongSupplier clock;
    private final InputCounters counters = new InputCounters();
    private final ThreadPoolExecutor inserter;
    private final Map<Lidar, Subscription> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean active = true;
    private final java.util.concurrent.atomic.AtomicReference<EventBus> bus =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Sensor time of the newest integrated scan: decay runs on sensor time, so playback rebuilds the same map. */
    private long lastScanNanos = Long.MIN_VALUE;
    /** Sensor time not yet applied as decay. */
    private long pendingDecayNanos;
    private static final long DECAY_INTERVAL_NANOS = 1_000_000_000L;
    /** Where scans come from: live LiDARs, or a recording played back on the bus ({@code replay/...}). */
    private final boolean replay;
    private final int queueCapacity;
    private final java.util.concurrent.atomic.AtomicReference<mechos.kernel.api.bus.BusSubscription> replaySub =
            new java.util.concurrent.atomic.AtomicReference<>();
    static final String REPLAY_PREFIX = "replay/";
    /** A scan newer than its pose waits for it (bounded); see {@link TransformWait}. */
    private final TransformWait poseWait;
    private final ConfigGuard guard;
    private final double waitMs;
    /** Waits and waits that ended without a pose are logged on the first and then every this many. */
    static final long LOG_EVERY = 100;
    private static final long POLL_NANOS = 5_000_000L;

    @Activate
    public OccupancyMapService(MapConfig config, @Reference Transforms transforms) {
        this(config, transforms, System::nanoTime);
    }

    OccupancyMapService(MapConfig config, Transforms transforms, LongSupplier clock) {
        this(config, transforms, clock, TransformWait.PARK);
    }

    /** @param pause how the insertion thread pauses while a scan waits for its pose (a test steps its clock) */
    OccupancyMapService(MapConfig config, Transforms transforms, LongSupplier clock, TransformWait.Pause pause) {
        ConfigGuard g = new ConfigGuard(PID, MapConfig.class, LOG);
        this.guard = g;
        OctreeParams params = params(config, g);
        this.octree = new OccupancyOctree(params);
        this.transforms = transforms;
        this.clock = clock;
        String input = g.check("input", config.input(), v -> "live".equals(v) || "replay".equals(v),
                "not live or replay", String.class);
        this.replay = "replay".equals(input);
        this.queueCapacity = g.integer("queue_capacity", config.queue_capacity(), 1, 10_000);
        this.mapFrame = g.text("map_frame", config.map_frame(), 1, 64);
        this.baseFrame = g.text("base_frame", config.base_frame(), 1, 64);
        this.maxRange = g.number("max_range", config.max_range(), 0.1, 100);
        this.maxBeams = g.integer("max_beams", config.max_beams(), 1, 100_000);
        this.waitMs = g.number("transform_wait_ms", config.transform_wait_ms(), 0, 10_000);
        this.poseWait = new TransformWait(transforms, clock, (long) (waitMs * 1e6), POLL_NANOS, pause);
        this.inserter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "mechos-perception-map");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        LOG.debug("occupancy map active at {} m resolution", params.resolution());
    }

    /**
     * The sensor model, each value within its metatype bounds and the probabilities consistent (hit above the
     * threshold's 0.5 side, miss below, clamp.min &lt; occupancy.threshold &lt; clamp.max, min.z &lt; max.z); a value
     * that is not is replaced by its default, with one WARN.
     */
    static OctreeParams params(MapConfig c, ConfigGuard g) {
        double res = g.number("resolution", c.resolution(), 0.01, 1);
        double hit = g.number("prob_hit", c.prob_hit(), 0.51, 0.99);
        double miss = g.number("prob_miss", c.prob_miss(), 0.01, 0.49);
        double threshold = g.number("occupancy_threshold", c.occupancy_threshold(), 0.01, 0.99);
        double clampMin = g.number("clamp_min", c.clamp_min(), 0.001, 0.49);
        double clampMax = g.number("clamp_max", c.clamp_max(), 0.51, 0.999);
        if (!(clampMin < threshold && threshold < clampMax)) {
            threshold = g.reject("occupancy_threshold", threshold, "not between clamp.min " + clampMin
                    + " and clamp.max " + clampMax, Double.class);
            if (!(clampMin < threshold && threshold < clampMax)) {
                if (!(clampMin < threshold)) {
                    clampMin = g.reject("clamp_min", clampMin, "not below occupancy.threshold " + threshold,
                            Double.class);
                }
                if (!(threshold < clampMax)) {
                    clampMax = g.reject("clamp_max", clampMax, "not above occupancy.threshold " + threshold,
                            Double.class);
                }
            }
        }
        double minZ = g.number("min_z", c.min_z(), -10, 10);
        double maxZ = g.number("max_z", c.max_z(), -10, 10);
        if (!(minZ < maxZ)) {
            minZ = g.reject("min_z", minZ, "not below max.z " + maxZ, Double.class);
            if (!(minZ < maxZ)) {
                maxZ = g.reject("max_z", maxZ, "not above min.z " + minZ, Double.class);
            }
        }
        double decay = g.number("decay_per_second", c.decay_per_second(), 0, 10);
        return new OctreeParams(res, hit, miss, clampMin, clampMax, threshold, minZ, maxZ, decay);
    }

    /** The configuration values replaced by defaults at activation (tests). */
    ConfigGuard configGuard() {
        return guard;
    }

    /** Optional: the kernel is told of every map update (pushed stop) when a bus is present. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventBus(EventBus eventBus) {
        bus.set(eventBus);
        if (replay && active) {
            subscribeReplay(eventBus);
        }
    }

    void unsetEventBus(EventBus eventBus) {
        if (bus.compareAndSet(eventBus, null)) {
            closeReplay();
        }
    }

    /**
     * Replay mode: the scans and transforms of a recording played back on the bus, in one queue so that they
     * arrive in recorded order (a scan after the transforms it needs). Integrated on the bus's delivery thread,
     * so the order holds and nothing is dropped by the insertion queue; nothing goes to the kernel.
     */
    private void subscribeReplay(EventBus eventBus) {
        String scans = REPLAY_PREFIX + PerceptionTopics.SCANS.name();
        String tf = REPLAY_PREFIX + PerceptionTopics.TRANSFORMS.name();
        try {
            mechos.kernel.api.bus.BusSubscription sub = eventBus.subscribeAll(
                    t -> t.name().equals(scans) || t.name().equals(tf), "perception map (replay)",
                    Math.max(queueCapacity, 1024), this::onReplayed);
            mechos.kernel.api.bus.BusSubscription old = replaySub.getAndSet(sub);
            if (old != null) {
                old.close();
            }
            LOG.info("occupancy map: input from the replayed topics {} and {}", scans, tf);
        } catch (RuntimeException e) {
            LOG.warn("occupancy map: cannot subscribe to the replayed topics", e);
        }
    }

    private void closeReplay() {
        mechos.kernel.api.bus.BusSubscription sub = replaySub.getAndSet(null);
        if (sub != null) {
            try {
                sub.close();
            } catch (RuntimeException e) {
                LOG.warn("occupancy map: closing the replay subscription failed", e);
            }
        }
    }

    /** Bus delivery thread (replay mode). Never throws. */
    void onReplayed(mechos.kernel.api.bus.Envelope<?> e) {
        try {
            Object payload = e.payload();
            if (payload instanceof mechos.perception.api.StampedTransform t) {
                transforms.publish(t);
            } else if (payload instanceof LaserScan scan) {
                RejectReason bad = ScanConverter.check(scan, maxBeams);
                if (bad != null) {
                    counters.reject(bad);
                    return;
                }
                integrate(scan);
            }
        } catch (RuntimeException ex) {
            counters.reject(RejectReason.INTERNAL_ERROR);
            LOG.warn("occupancy map: a replayed message on {} failed", e.topic().name(), ex);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addLidar(Lidar lidar, Map<String, Object> props) {
        Object id = props.getOrDefault(Device.ID, lidar);
        if (!active || replay) {
            if (replay) {
                LOG.info("occupancy map: input=replay, LiDAR {} is not used", id);
            }
            return;
        }
        try {
            subscriptions.put(lidar, lidar.subscribe(this::onScan));
            LOG.info("occupancy map: subscribed to LiDAR {}", id);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("occupancy map: cannot subscribe to LiDAR {}", id, e);
        }
    }

    void removeLidar(Lidar lidar) {
        Subscription s = subscriptions.remove(lidar);
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("occupancy map: closing the subscription to a LiDAR failed", e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        closeReplay();
        subscriptions.keySet().forEach(this::removeLidar);
        inserter.shutdownNow();
    }

    /** Driver thread: cheap checks, then hand off. Never throws. */
    void onScan(LaserScan scan) {
        try {
            if (scan == null) {
                return;
            }
            RejectReason bad = ScanConverter.check(scan, maxBeams);
            if (bad != null) {
                counters.reject(bad);
                return;
            }
            long received = clock.getAsLong();
            toKernel(scan);
            publish(PerceptionTopics.SCANS, scan);
            inserter.execute(() -> integrate(scan, received));
        } catch (RejectedExecutionException e) {
            counters.reject(RejectReason.QUEUE_FULL);
        } catch (RuntimeException e) {
            counters.reject(RejectReason.INTERNAL_ERROR);
            LOG.warn("occupancy map: scan hand-off failed", e);
        }
    }

    /**
     * Driver thread: the scan in the robot frame (static mount only) for the kernel's stop zone, pushed at once,
     * before and independent of map insertion.
     */
    private void toKernel(LaserScan scan) {
        EventBus b = bus.get();
        if (b == null) {
            return;
        }
        Transform mount;
        try {
            mount = transforms.lookupLatest(baseFrame, scan.frameId());
        } catch (TransformException e) {
            LOG.debug("stop zone: no mount {} -> {}: {}", baseFrame, scan.frameId(), e.getMessage());
            return;
        }
        try {
            b.publish(KernelTopics.ROBOT_SCAN, RobotFrameScan.of(scan, mount));
        } catch (RuntimeException e) {
            LOG.warn("occupancy map: sending the scan to the kernel's stop zone failed", e);
        }
    }

    /** Records a sample on the bus when one is present; never throws into the caller. */
    private <T> void publish(Topic<T> topic, T payload) {
        EventBus b = bus.get();
        if (b != null) {
            try {
                b.publish(topic, payload);
            } catch (RuntimeException e) {
                LOG.warn("occupancy map: publishing on {} failed", topic.name(), e);
            }
        }
    }

    /**
     * Why a scan could not be placed. Before the first scan was ever placed, a missing or not yet connected pose
     * is start-up (the LiDAR published before odometry did), not bad input.
     */
    private RejectReason reason(TransformException e) {
        if (e.reason() != TransformException.Reason.UNKNOWN_FRAME && counters.stats().accepted() == 0) {
            return RejectReason.NO_POSE_YET;
        }
        return e.reason() == TransformException.Reason.OUT_OF_HISTORY ? RejectReason.OUT_OF_HISTORY
                : RejectReason.UNKNOWN_FRAME;
    }

    /** Replay (bus thread) and tests: places the scan with the transforms as they are now, without waiting. */
    void integrate(LaserScan scan) {
        integrate(scan, Long.MIN_VALUE);
    }

    /**
     * Insertion thread: a scan received (clock time) at {@code receivedNanos} waits for its pose until
     * {@code receivedNanos + transform.wait.ms} when the transforms do not reach its time yet; {@code Long.MIN_VALUE}
     * = do not wait.
     */
    void integrate(LaserScan scan, long receivedNanos) {
        try {
            Transform mapFromSensor;
            try {
                mapFromSensor = receivedNanos == Long.MIN_VALUE
                        ? transforms.lookup(mapFrame, scan.frameId(), scan.timestampNanos())
                        : poseWait.lookup(mapFrame, scan.frameId(), scan.timestampNanos(), receivedNanos,
                                this::logWait);
            } catch (TransformException e) {
                counters.reject(reason(e));
                LOG.debug("occupancy map: scan from {} not placed: {}", scan.frameId(), e.getMessage());
                return;
            }
            ScanConverter.Points p = ScanConverter.convert(scan, mapFromSensor, maxRange, counters);
            if (p == null) {
                return;
            }
            long now = clock.getAsLong();
            if (lastScanNanos != Long.MIN_VALUE && scan.timestampNanos() > lastScanNanos) {
                pendingDecayNanos += scan.timestampNanos() - lastScanNanos;
            }
            lastScanNanos = Math.max(lastScanNanos, scan.timestampNanos());
            if (pendingDecayNanos >= DECAY_INTERVAL_NANOS) {
                // decay rewrites every occupied path of the tree: batched to once per second of sensor time
                // (same total fade, a tenth of the copying at 10 Hz scans)
                octree.decay(pendingDecayNanos * 1e-9);
                pendingDecayNanos = 0;
            }
            octree.insertPointCloud(p.ox(), p.oy(), p.oz(), p.xyz(), p.count(), p.maxRange());
            MapStats stats = octree.publish(now).stats();
            counters.accept();
            publish(PerceptionTopics.MAP_UPDATES, stats);
            EventBus b = replay ? null : bus.get();
            if (b != null) {
                try {
                    b.publish(KernelTopics.WORLD_CHANGED, new WorldChanged(now));
                } catch (RuntimeException e) {
                    LOG.warn("occupancy map: telling the kernel about the update failed", e);
                }
            }
        } catch (RuntimeException e) {
            counters.reject(RejectReason.INTERNAL_ERROR);
            LOG.warn("occupancy map: inserting a scan from {} failed", scan.frameId(), e);
        }
    }

    /** Logs the first wait (found or not) and then every {@link #LOG_EVERY}th, with the running counts. */
    private void logWait(TransformWait.Outcome o) {
        long n = o.foundIt() ? poseWait.found() : poseWait.timedOut();
        if (n != 1 && n % LOG_EVERY != 0) {
            return;
        }
        if (o.foundIt()) {
            LOG.info("occupancy map: a scan waited {} ms for its pose at its time (localisation or pose fusion is "
                    + "behind the LiDAR); {} scans have waited so far, longest {} ms", o.waitedNanos() / 1_000_000,
                    n, poseWait.longestNanos() / 1_000_000);
        } else {
            LOG.warn("occupancy map: no pose at a scan's time within transform.wait.ms={} ({} such scans so far, "
                    + "counted as OUT_OF_HISTORY): localisation or pose fusion is not keeping up", waitMs, n);
        }
    }

    /** For tests: lookups that waited, and of those the ones that found their pose. */
    long poseWaits() {
        return poseWait.waits();
    }

    long poseWaitsFound() {
        return poseWait.found();
    }

    @Override
    public MapView view() {
        return octree.snapshot();
    }

    @Override
    public InputStats inputStats() {
        return counters.stats();
    }
}
