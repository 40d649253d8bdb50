package mechos.perception.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import mechos.hal.api.Device;
import mechos.hal.api.LaserScan;
import mechos.hal.api.Lidar;
import mechos.hal.api.Pose2D;
import mechos.hal.api.Subscription;
import mechos.kernel.api.PoseTrust;
import mechos.kernel.api.bus.EventBus;
import mechos.perception.api.InputStats;
import mechos.perception.api.Localisation;
import mechos.perception.api.LocalisationState;
import mechos.perception.api.LocalisationState.Mode;
import mechos.perception.api.LocalisationState.Quality;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.RejectReason;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;
import mechos.perception.internal.map.ScanConverter;
import mechos.perception.internal.slam.Localiser;
import mechos.perception.internal.slam.ScanMatcher;
import mechos.perception.internal.slam.ScoreField;
import mechos.platform.api.RunDirectory;
import mechos.rosmap.api.MapFormatException;
import mechos.rosmap.api.RosMapLoader;

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

/**
 * Publishes {@code map -> odom} for every LiDAR scan, stamped with the scan's time: the identity (mode OFF), or
 * the correction found by matching the scan (SLAM or STATIC_MAP; see {@link Localiser}). Matching runs on its own
 * thread behind a small bounded queue; the driver's thread only checks and enqueues. The state is published on
 * {@link PerceptionTopics#LOCALISATION} when an event bus is present, and as {@link PoseTrust} the kernel holds
 * motion to creep speed while the pose is LOST.
 */
@Component(service = {Localisation.class, PoseTrust.class}, immediate = true,
        configurationPid = LocalisationService.PID)
@Designate(ocd = LocalisationConfig.class)
public final class LocalisationService implements Localisation, PoseTrust {
    public static final String PID = "mechos.perception.localisation";
    private static final Logger LOG = LoggerFactory.getLogger(LocalisationService.class);
    private static final int MAX_BEAMS = 8192;

    private final Transforms transforms;
    private final ConfigGuard guard;
    /** The SLAM likelihood field's largest side in cells (4000² floats = 64 MB). */
    static final int MAX_FIELD_SIDE = 4000;
    private final Mode mode;
    private final Localiser localiser;
    /** Why the configured static map could not be loaded (the pose is then LOST), else null. */
    private final String mapProblem;
    private final String mapFrame;
    private final String odomFrame;
    private final String baseFrame;
    private final InputCounters counters = new InputCounters();
    private final ThreadPoolExecutor worker;
    private final Map<Lidar, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicReference<EventBus> bus = new AtomicReference<>();
    private final AtomicBoolean staticConflictReported = new AtomicBoolean();
    private final AtomicReference<LocalisationState> offState = new AtomicReference<>();
    private volatile boolean active = true;
    private double[] xs = new double[0];
    private double[] ys = new double[0];

    @Activate
    public LocalisationService(LocalisationConfig config, @Reference Transforms transforms,
            @Reference RunDirectory runDirectory) {
        this(config, transforms, runDirectory.home());
    }

    /** @param baseDir relative map paths resolve against it */
    LocalisationService(LocalisationConfig config, Transforms transforms, Path baseDir) {
        ConfigGuard g = new ConfigGuard(PID, LocalisationConfig.class, LOG);
        this.guard = g;
        this.transforms = transforms;
        this.mapFrame = g.text("map_frame", config.map_frame(), 1, 64);
        this.odomFrame = g.text("odom_frame", config.odom_frame(), 1, 64);
        this.baseFrame = g.text("base_frame", config.base_frame(), 1, 64);
        String modeText = g.check("mode", config.mode(), v -> v != null && isMode(v.strip()),
                "not OFF, SLAM or STATIC_MAP", String.class);
        this.mode = Mode.valueOf(modeText.strip());
        Pose2D initial = new Pose2D(g.number("initial_x", config.initial_x(), -100_000, 100_000),
                g.number("initial_y", config.initial_y(), -100_000, 100_000),
                Pose2D.wrap(Math.toRadians(g.number("initial_theta_deg", config.initial_theta_deg(), -360, 360))));
        ScanMatcher matcher = new ScanMatcher(new ScanMatcher.Params(
                g.number("linear_window", config.linear_window(), 0.05, 2),
                Math.toRadians(g.number("angular_window_deg", config.angular_window_deg(), 0.5, 45)),
                Math.toRadians(g.number("angular_step_deg", config.angular_step_deg(), 0.1, 5)), 0.05));
        Localiser.Params d = Localiser.Params.defaults();
        Localiser.Params params = new Localiser.Params(g.number("good_quality", config.good_quality(), 0.05, 1),
                g.integer("lost_after", config.lost_after(), 1, 1000), d.keyDistance(), d.keyAngle(), d.minReturns());
        double extent = g.number("slam_extent", config.slam_extent(), 5, 200);
        double resolution = g.number("resolution", config.resolution(), 0.01, 0.5);
        if (extent / resolution > MAX_FIELD_SIDE) {
            // (extent / resolution)² float cells: 200 m at 1 cm would be 1.6 GB
            extent = g.reject("slam_extent", extent, "more than " + MAX_FIELD_SIDE + " cells of resolution "
                    + resolution + " m on a side", Double.class);
            if (extent / resolution > MAX_FIELD_SIDE) {
                resolution = g.reject("resolution", resolution, "more than " + MAX_FIELD_SIDE + " cells on the "
                        + extent + " m side", Double.class);
            }
        }
        double sigma = g.number("sigma", config.sigma(), 0.01, 0.5);
        int queueCapacity = g.integer("queue_capacity", config.queue_capacity(), 1, 100);
        String map = g.text("map", config.map(), 0, 4096);
        ScoreField staticField = null;
        String problem = null;
        if (mode == Mode.STATIC_MAP && map.isBlank()) {
            problem = "mode STATIC_MAP needs a map (ROS map_server YAML), none is configured";
        } else if (mode == Mode.STATIC_MAP) {
            try {
                staticField = staticField(map, sigma, baseDir);
            } catch (MapFormatException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            LOG.error("localisation: STATIC_MAP cannot be used ({} (property map): {}): the pose is LOST and "
                    + "the kernel holds motion to creep speed until a readable map is configured", PID, problem);
        }
        this.mapProblem = problem;
        this.localiser = switch (mode) {
            case OFF -> null;
            case SLAM -> new Localiser(Mode.SLAM, ScoreField.centred(initial.x(), initial.y(), extent,
                    resolution, sigma), matcher, params, initial);
            case STATIC_MAP -> staticField == null ? null
                    : new Localiser(Mode.STATIC_MAP, staticField, matcher, params, initial);
        };
        // Without a localiser the map frame is odometry's (identity); with a static map that could not be loaded the
        // pose is also LOST, never silently trusted.
        offState.set(problem == null
                ? new LocalisationState(Mode.OFF, Quality.ODOMETRY_ONLY, Pose2D.ORIGIN, Pose2D.ORIGIN, 0, 0, 0)
                : new LocalisationState(Mode.STATIC_MAP, Quality.LOST, Pose2D.ORIGIN, initial, 0, 0, 0));
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "mechos-perception-localisation");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        LOG.info("localisation: mode {}{}, initial pose {}", mode,
                mode == Mode.STATIC_MAP ? " (map " + map + ")" : "", initial);
    }

    private static boolean isMode(String value) {
        for (Mode m : Mode.values()) {
            if (m.name().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** The configuration values replaced by defaults at activation (tests). */
    ConfigGuard configGuard() {
        return guard;
    }

    private static ScoreField staticField(String map, double sigma, Path baseDir) throws MapFormatException {
        RosMapLoader.Result r = RosMapLoader.load(baseDir.resolve(map));
        if (r.ignoredYaw() != 0) {
            LOG.warn("localisation: map {} origin yaw {} is ignored (as by ROS map_server consumers)",
                    map, r.ignoredYaw());
        }
        return ScoreField.of(r.grid(), sigma);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventBus(EventBus eventBus) {
        bus.set(eventBus);
    }

    void unsetEventBus(EventBus eventBus) {
        bus.compareAndSet(eventBus, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addLidar(Lidar lidar, Map<String, Object> props) {
        if (!active) {
            return;
        }
        Object id = props.getOrDefault(Device.ID, lidar);
        try {
            subscriptions.put(lidar, lidar.subscribe(this::onScan));
            LOG.info("localisation: subscribed to LiDAR {}", id);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("localisation: cannot subscribe to LiDAR {}", id, e);
        }
    }

    void removeLidar(Lidar lidar) {
        Subscription s = subscriptions.remove(lidar);
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("localisation: closing the subscription to a LiDAR failed", e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        subscriptions.keySet().forEach(this::removeLidar);
        worker.shutdownNow();
    }

    /** Driver thread: cheap checks, then hand off. Never throws. */
    void onScan(LaserScan scan) {
        try {
            if (scan == null) {
                return;
            }
            RejectReason bad = ScanConverter.check(scan, MAX_BEAMS);
            if (bad != null) {
                counters.reject(bad);
                return;
            }
            worker.execute(() -> process(scan));
        } catch (RejectedExecutionException e) {
            counters.reject(RejectReason.QUEUE_FULL);
        } catch (RuntimeException e) {
            counters.reject(RejectReason.INTERNAL_ERROR);
            LOG.warn("localisation: scan hand-off failed", e);
        }
    }

    /**
     * Localisation thread (or a test's thread): match one scan and publish {@code map -> odom} at its time.
     *
     * @return the state after this scan, or null if the scan could not be used
     */
    LocalisationState process(LaserScan scan) {
        try {
            long t = scan.timestampNanos();
            if (localiser == null) {
                publish(new StampedTransform(mapFrame, odomFrame, t, Transform.IDENTITY));
                counters.accept();
                return offState.get();
            }
            Transform odomBase;
            Transform baseSensor;
            try {
                odomBase = transforms.lookup(odomFrame, baseFrame, t);
                baseSensor = transforms.lookupLatest(baseFrame, scan.frameId());
            } catch (TransformException e) {
                counters.reject(e.reason() == TransformException.Reason.UNKNOWN_FRAME && counters.stats().accepted() > 0
                        ? RejectReason.UNKNOWN_FRAME : RejectReason.NO_POSE_YET);
                return null;
            }
            int n = returns(scan, baseSensor);
            LocalisationState s = localiser.update(t, odomBase.toPose2D(), xs, ys, n);
            publish(new StampedTransform(mapFrame, odomFrame, t, Transform.of(s.mapFromOdom())));
            counters.accept();
            EventBus b = bus.get();
            if (b != null) {
                try {
                    b.publish(PerceptionTopics.LOCALISATION, s);
                } catch (RuntimeException e) {
                    LOG.warn("localisation: publishing on the event bus failed", e);
                }
            }
            return s;
        } catch (RuntimeException e) {
            counters.reject(RejectReason.INTERNAL_ERROR);
            LOG.warn("localisation: a scan from {} failed", scan.frameId(), e);
            return null;
        }
    }

    /** Fills xs/ys with the measured returns in the base frame: max-range (+∞) and unknown (NaN) beams excluded. */
    private int returns(LaserScan scan, Transform baseSensor) {
        double[] ranges = scan.ranges();
        if (xs.length < ranges.length) {
            xs = new double[ranges.length];
            ys = new double[ranges.length];
        }
        int n = 0;
        for (int i = 0; i < ranges.length; i++) {
            double r = ranges[i];
            if (!(r >= scan.rangeMin() && r <= scan.rangeMax())) {
                continue;
            }
            double a = scan.angle(i);
            double[] p = baseSensor.rotate(r * Math.cos(a), r * Math.sin(a), 0);
            xs[n] = p[0] + baseSensor.x();
            ys[n] = p[1] + baseSensor.y();
            n++;
        }
        return n;
    }

    private void publish(StampedTransform t) {
        if (!transforms.publish(t) && transforms.hasFrame(odomFrame)
                && staticConflictReported.compareAndSet(false, true)) {
            LOG.warn("localisation: {} -> {} cannot be published (configured as a static transform in {}, or "
                    + "{} has another parent): odometry drift is not corrected; remove it from static.transforms",
                    mapFrame, odomFrame, FrameService.PID, odomFrame);
        }
    }

    @Override
    public LocalisationState state() {
        return localiser == null ? offState.get() : localiser.state();
    }

    @Override
    public void setPose(Pose2D mapPose) {
        if (mapPose == null || !mapPose.isFinite()) {
            throw new IllegalArgumentException("pose estimate must be finite, was " + mapPose);
        }
        if (localiser == null) {
            LOG.warn("localisation: pose estimate {} ignored: {}", mapPose,
                    mapProblem == null ? "mode is OFF" : "the static map could not be loaded (" + mapProblem + ")");
            return;
        }
        localiser.setPose(mapPose);
        LOG.info("localisation: pose estimate set to {}", mapPose);
    }

    /**
     * The kernel's view: a LOST pose (static map not matched yet, or too many poor matches in a row) is not
     * trusted, so motion is held to creep speed. OFF, SLAM before its first scan, TRACKING and DEGRADED are
     * trusted (the last follows odometry between good matches, as without localisation).
     */
    @Override
    public Optional<String> distrust() {
        LocalisationState s = state();
        if (s.quality() != Quality.LOST) {
            return Optional.empty();
        }
        if (mapProblem != null) {
            return Optional.of("localisation has no static map: " + mapProblem);
        }
        return Optional.of(s.mode() == Mode.STATIC_MAP && s.timestampNanos() == 0
                ? "localisation has not matched the static map yet"
                : "localisation LOST after " + s.poorScans() + " poorly matching scans");
    }

    /** @return scans used and rejected */
    public InputStats inputStats() {
        return counters.stats();
    }
}
