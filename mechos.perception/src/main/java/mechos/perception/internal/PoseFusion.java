package mechos.perception.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import mechos.hal.api.Device;
import mechos.hal.api.Imu;
import mechos.hal.api.ImuReading;
import mechos.hal.api.Odometry;
import mechos.hal.api.OdometryReading;
import mechos.hal.api.Pose2D;
import mechos.hal.api.Subscription;
import mechos.kernel.api.bus.EventBus;
import mechos.perception.api.FusedPose;
import mechos.perception.api.InputStats;
import mechos.perception.api.PerceptionTopics;
import mechos.perception.api.PoseEstimator;
import mechos.perception.api.RejectReason;
import mechos.perception.api.StampedTransform;
import mechos.perception.api.Transform;
import mechos.perception.api.TransformException;
import mechos.perception.api.Transforms;
import mechos.perception.internal.fusion.PlanarEkf;
import mechos.perception.internal.fusion.PoseFilter;

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
 * Subscribes to every odometry and IMU device, fuses them ({@link PoseFilter}) on the driver's thread (a few
 * microseconds), and publishes each estimate as {@code odom -> base_link} into {@link Transforms} and on the
 * event bus when one is present.
 */
@Component(service = PoseEstimator.class, configurationPid = PoseFusion.PID)
@Designate(ocd = PoseFusionConfig.class)
public final class PoseFusion implements PoseEstimator {
    public static final String PID = "mechos.perception.fusion";
    private static final Logger LOG = LoggerFactory.getLogger(PoseFusion.class);

    private final Transforms transforms;
    private final PoseFilter filter;
    private final String odomFrame;
    private final String baseFrame;
    private final LongSupplier clock;
    private final Map<Object, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicReference<EventBus> bus = new AtomicReference<>();
    private volatile boolean active = true;
    private final ConfigGuard guard;

    @Activate
    public PoseFusion(PoseFusionConfig config, @Reference Transforms transforms) {
        this(config, transforms, System::nanoTime);
    }

    PoseFusion(PoseFusionConfig config, Transforms transforms, LongSupplier clock) {
        ConfigGuard g = new ConfigGuard(PID, PoseFusionConfig.class, LOG);
        this.guard = g;
        this.transforms = transforms;
        this.clock = clock;
        this.odomFrame = g.text("odom_frame", config.odom_frame(), 1, 64);
        this.baseFrame = g.text("base_frame", config.base_frame(), 1, 64);
        double stale = g.number("stale_ms", config.stale_ms(), 1, 60_000);
        double maxDelay = g.number("max_delay_ms", config.max_delay_ms(), 0, 10_000);
        Pose2D start;
        String startText = g.text("start_pose", config.start_pose(), 0, 200);
        try {
            start = parseStartPose(startText);
        } catch (IllegalArgumentException e) {
            start = parseStartPose(g.reject("start_pose", "'" + startText + "'",
                    "it must be 'x y theta' (three finite numbers: m, m, rad) or empty", String.class));
        }
        this.filter = new PoseFilter(new PlanarEkf.Noise(
                g.number("odometry_linear_sigma", config.odometry_linear_sigma(), 0.0001, 10),
                g.number("odometry_angular_sigma", config.odometry_angular_sigma(), 0.0001, 10),
                g.number("imu_angular_sigma", config.imu_angular_sigma(), 0.0001, 10),
                g.number("linear_accel_sigma", config.linear_accel_sigma(), 0.001, 100),
                g.number("angular_accel_sigma", config.angular_accel_sigma(), 0.001, 100)),
                (long) (stale * 1e6), (long) (maxDelay * 1e6), start);
    }

    /** The configuration values replaced by defaults at activation (tests). */
    ConfigGuard configGuard() {
        return guard;
    }

    /** @return the configured start pose, or null when empty (the first odometry sample's pose is used) */
    static Pose2D parseStartPose(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.trim().split("[\\s,]+");
        String reason = "it must be 'x y theta' (three finite numbers: m, m, rad) or empty";
        if (parts.length == 3) {
            try {
                double x = Double.parseDouble(parts[0]);
                double y = Double.parseDouble(parts[1]);
                double th = Double.parseDouble(parts[2]);
                if (Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(th)) {
                    return new Pose2D(x, y, th);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PID + ": start.pose='" + value + "' rejected: " + reason, e);
            }
        }
        throw new IllegalArgumentException(PID + ": start.pose='" + value + "' rejected: " + reason);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addOdometry(Odometry odometry, Map<String, Object> props) {
        String id = String.valueOf(props.getOrDefault(Device.ID, odometry.toString()));
        subscribe(odometry, id, () -> odometry.subscribe(r -> onOdometry(id, r)));
    }

    void removeOdometry(Odometry odometry) {
        unsubscribe(odometry);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addImu(Imu imu, Map<String, Object> props) {
        String id = String.valueOf(props.getOrDefault(Device.ID, imu.toString()));
        subscribe(imu, id, () -> imu.subscribe(this::onImu));
    }

    void removeImu(Imu imu) {
        unsubscribe(imu);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventBus(EventBus eventBus) {
        bus.set(eventBus);
    }

    void unsetEventBus(EventBus eventBus) {
        bus.compareAndSet(eventBus, null);
    }

    private void subscribe(Object device, String id, java.util.function.Supplier<Subscription> subscribe) {
        if (!active) {
            return;
        }
        try {
            subscriptions.put(device, subscribe.get());
            LOG.info("pose fusion: subscribed to {}", id);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("pose fusion: cannot subscribe to device {}", id, e);
        }
    }

    private void unsubscribe(Object device) {
        Subscription s = subscriptions.remove(device);
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("pose fusion: closing a subscription to {} failed", device, e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        subscriptions.keySet().forEach(this::unsubscribe);
    }

    /** Driver thread: fuse and publish; never throws. */
    void onOdometry(String device, OdometryReading r) {
        try {
            if (r != null) {
                record(PerceptionTopics.ODOMETRY, r);
                emit(filter.onOdometry(device, r, clock.getAsLong()));
            }
        } catch (RuntimeException e) {
            filter.reject(RejectReason.INTERNAL_ERROR);
            LOG.warn("pose fusion: odometry sample from {} failed", device, e);
        }
    }

    /** Driver thread: rotate the gyro into base_link, fuse and publish; never throws. */
    void onImu(ImuReading r) {
        try {
            if (r == null) {
                return;
            }
            record(PerceptionTopics.IMU, r);
            double yawRate;
            if (r.frameId().equals(baseFrame)) {
                yawRate = r.angularVelocityZ();
            } else {
                Transform mount;
                try {
                    mount = transforms.lookupLatest(baseFrame, r.frameId());
                } catch (TransformException e) {
                    filter.reject(RejectReason.UNKNOWN_FRAME);
                    return;
                }
                yawRate = mount.rotate(r.angularVelocityX(), r.angularVelocityY(), r.angularVelocityZ())[2];
            }
            emit(filter.onYawRate(r.timestampNanos(), yawRate, clock.getAsLong()));
        } catch (RuntimeException e) {
            filter.reject(RejectReason.INTERNAL_ERROR);
            LOG.warn("pose fusion: IMU sample failed", e);
        }
    }

    private void emit(FusedPose pose) {
        if (pose == null) {
            return;
        }
        StampedTransform tf = new StampedTransform(odomFrame, baseFrame, pose.timestampNanos(), Transform.of(pose.pose()));
        transforms.publish(tf);
        record(PerceptionTopics.TRANSFORMS, tf);
        record(PerceptionTopics.FUSED_POSE, pose);
    }

    /** Publishes on the bus when one is present; never throws into the driver's thread. */
    private <T> void record(mechos.kernel.api.bus.Topic<T> topic, T payload) {
        EventBus b = bus.get();
        if (b != null) {
            try {
                b.publish(topic, payload);
            } catch (RuntimeException e) {
                LOG.warn("pose fusion: publishing on {} failed", topic.name(), e);
            }
        }
    }

    @Override
    public Optional<FusedPose> latest() {
        return Optional.ofNullable(filter.latest(clock.getAsLong()));
    }

    @Override
    public InputStats inputStats() {
        return filter.stats();
    }
}
