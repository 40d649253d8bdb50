package mechos.perception.internal.fusion;

import java.util.HashMap;
import java.util.Map;

import mechos.hal.api.OdometryReading;
import mechos.hal.api.Pose2D;
import mechos.perception.api.FusedPose;
import mechos.perception.api.InputStats;
import mechos.perception.api.PoseConfidence;
import mechos.perception.api.RejectReason;
import mechos.perception.internal.InputCounters;

/**
 * Feeds {@link PlanarEkf} from any number of odometry and IMU devices: validates samples, turns each odometry
 * device's pose increments into interval velocities, orders samples in time (late ones within a tolerance are
 * applied at the filter's time, older ones are rejected), and rates confidence by which inputs were received
 * recently. Thread-safe (samples from different driver threads are serialised on this object; each update
 * costs a few microseconds).
 */
public final class PoseFilter {
    private final PlanarEkf ekf;
    private final long staleNanos;
    private final long maxDelayNanos;
    private final InputCounters counters = new InputCounters();
    private final Map<String, OdometryReading> lastOdometry = new HashMap<>();
    private long odometryReceived;
    private long imuReceived;
    private FusedPose latest;
    /** Configured start pose, or null: the first odometry sample's pose is the start pose. */
    private final Pose2D startPose;
    /** True while the filter was started by an IMU sample and no odometry has anchored it yet. */
    private boolean provisional;

    /**
     * @param staleNanos    an input not received for longer than this is stale
     * @param maxDelayNanos a sample up to this much older than the filter's time is still applied
     */
    public PoseFilter(PlanarEkf.Noise noise, long staleNanos, long maxDelayNanos) {
        this(noise, staleNanos, maxDelayNanos, null);
    }

    /**
     * @param startPose where the robot starts in the odometry frame, whichever sensor arrives first; null to take
     *                  the first odometry sample's pose (the odometry device knows where it started). An IMU
     *                  sample before the first odometry sample then starts the filter provisionally; the first
     *                  odometry sample re-anchors it.
     */
    public PoseFilter(PlanarEkf.Noise noise, long staleNanos, long maxDelayNanos, Pose2D startPose) {
        this.startPose = startPose;
        this.ekf = new PlanarEkf(noise);
        this.staleNanos = staleNanos;
        this.maxDelayNanos = maxDelayNanos;
    }

    public InputStats stats() {
        return counters.stats();
    }

    /** @return the fused pose after this sample, or null if the sample was rejected (and counted) */
    public synchronized FusedPose onOdometry(String device, OdometryReading r, long receivedNanos) {
        if (!(Double.isFinite(r.x()) && Double.isFinite(r.y()) && Double.isFinite(r.theta())
                && Double.isFinite(r.linear()) && Double.isFinite(r.angular()))) {
            counters.reject(RejectReason.NON_FINITE_SAMPLE);
            return null;
        }
        if (!ekf.initialised()) {
            ekf.initialise(r.timestampNanos(), startPose != null ? startPose : new Pose2D(r.x(), r.y(), r.theta()));
        } else if (provisional) {
            // started by the IMU before any odometry: the odometry's pose is the known start pose
            ekf.initialise(Math.max(r.timestampNanos(), ekf.time()), new Pose2D(r.x(), r.y(), r.theta()));
        }
        provisional = false;
        if (r.timestampNanos() < ekf.time() - maxDelayNanos) {
            counters.reject(RejectReason.OUT_OF_ORDER);
            return null;
        }
        OdometryReading prev = lastOdometry.put(device, r);
        double v = r.linear();
        double w = r.angular();
        if (prev != null && r.timestampNanos() > prev.timestampNanos()) {
            double dt = (r.timestampNanos() - prev.timestampNanos()) * 1e-9;
            double dth = Pose2D.wrap(r.theta() - prev.theta());
            double mid = prev.theta() + dth / 2;
            v = ((r.x() - prev.x()) * Math.cos(mid) + (r.y() - prev.y()) * Math.sin(mid)) / dt;
            w = dth / dt;
        }
        ekf.predict(r.timestampNanos());
        ekf.updateOdometry(v, w);
        odometryReceived = receivedNanos;
        counters.accept();
        return publish(receivedNanos);
    }

    /** @param yawRate rad/s about base_link +z (already rotated from the IMU frame) */
    public synchronized FusedPose onYawRate(long timestampNanos, double yawRate, long receivedNanos) {
        if (!Double.isFinite(yawRate)) {
            counters.reject(RejectReason.NON_FINITE_SAMPLE);
            return null;
        }
        if (!ekf.initialised()) {
            ekf.initialise(timestampNanos, startPose != null ? startPose : Pose2D.ORIGIN);
            provisional = startPose == null;
        }
        if (timestampNanos < ekf.time() - maxDelayNanos) {
            counters.reject(RejectReason.OUT_OF_ORDER);
            return null;
        }
        ekf.predict(timestampNanos);
        ekf.updateYawRate(yawRate);
        imuReceived = receivedNanos;
        counters.accept();
        return publish(receivedNanos);
    }

    /** Counts a sample rejected before it reached the filter (e.g. unknown IMU frame). */
    public void reject(RejectReason reason) {
        counters.reject(reason);
    }

    /** @return the newest estimate with its confidence re-rated at {@code nowNanos}, or null before any sample */
    public synchronized FusedPose latest(long nowNanos) {
        if (latest == null) {
            return null;
        }
        PoseConfidence c = confidence(nowNanos);
        return c == latest.confidence() ? latest
                : new FusedPose(latest.timestampNanos(), latest.receivedNanos(), latest.pose(), latest.linear(),
                        latest.angular(), latest.varX(), latest.varY(), latest.varTheta(), latest.covXY(), c);
    }

    private PoseConfidence confidence(long now) {
        boolean odo = odometryReceived != 0 && now - odometryReceived <= staleNanos;
        boolean imu = imuReceived != 0 && now - imuReceived <= staleNanos;
        return odo && imu ? PoseConfidence.FULL
                : odo ? PoseConfidence.ODOMETRY_ONLY : imu ? PoseConfidence.IMU_ONLY : PoseConfidence.STALE;
    }

    private FusedPose publish(long now) {
        latest = new FusedPose(ekf.time(), now, ekf.pose(), ekf.linear(), ekf.angular(), ekf.covariance(0, 0),
                ekf.covariance(1, 1), ekf.covariance(2, 2), ekf.covariance(0, 1), confidence(now));
        return latest;
    }
}
