package mechos.perception.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import mechos.hal.api.Camera;
import mechos.hal.api.CameraFrame;
import mechos.hal.api.Device;
import mechos.hal.api.Subscription;
import mechos.kernel.api.bus.EventBus;
import mechos.perception.api.PerceptionTopics;

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
 * Camera frames on the bus ({@link PerceptionTopics#CAMERA}, latest value): every {@link Camera} (dynamic,
 * multiple) is subscribed and its frames are published at most {@code max.rate.hz} per camera, judged by the
 * frames' own timestamps (so a recording played back thins the same way). Runs on the driver's thread: a
 * timestamp comparison and a LATEST publish (which replaces, never queues); nothing is thrown into a driver.
 */
@Component(immediate = true, configurationPid = CameraPublisher.PID)
@Designate(ocd = CameraConfig.class)
public final class CameraPublisher {
    public static final String PID = "mechos.perception.camera";
    private static final Logger LOG = LoggerFactory.getLogger(CameraPublisher.class);

    private final long minIntervalNanos;
    private final Map<Camera, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicReference<EventBus> bus = new AtomicReference<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean active = true;
    private final ConfigGuard guard;

    @Activate
    public CameraPublisher(CameraConfig config) {
        this.guard = new ConfigGuard(PID, CameraConfig.class, LOG);
        double hz = guard.number("max_rate_hz", config.max_rate_hz(), 0.1, 60);
        this.minIntervalNanos = (long) (1e9 / hz);
    }

    /** The configuration values replaced by defaults at activation (tests). */
    ConfigGuard configGuard() {
        return guard;
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
    void addCamera(Camera camera, Map<String, Object> props) {
        if (!active) {
            return;
        }
        Object id = props.getOrDefault(Device.ID, camera);
        long[] last = {Long.MIN_VALUE};
        try {
            subscriptions.put(camera, camera.subscribe(frame -> onFrame(frame, last)));
            LOG.info("camera frames: subscribed to camera {}", id);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("camera frames: cannot subscribe to camera {}", id, e);
        }
    }

    void removeCamera(Camera camera) {
        Subscription s = subscriptions.remove(camera);
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("camera frames: closing the subscription to a camera failed", e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        subscriptions.keySet().forEach(this::removeCamera);
    }

    /**
     * Driver thread (one per camera, so {@code last} is confined to it). A frame older than the interval since
     * the last published one is skipped; a frame whose time went backwards (a restarted driver) is published.
     */
    void onFrame(CameraFrame frame, long[] last) {
        try {
            if (frame == null) {
                return;
            }
            long t = frame.timestampNanos();
            if (last[0] != Long.MIN_VALUE && t >= last[0] && t - last[0] < minIntervalNanos) {
                skipped.incrementAndGet();
                return;
            }
            EventBus b = bus.get();
            if (b == null) {
                return;
            }
            last[0] = t;
            b.publish(PerceptionTopics.CAMERA, frame);
            published.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("camera frames: publishing a frame from {} failed", frame.frameId(), e);
        }
    }

    /** @return frames published / skipped by the rate limit so far */
    long[] counts() {
        return new long[] {published.get(), skipped.get()};
    }
}
