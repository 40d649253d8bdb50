package mechos.perception.internal.slam;

import mechos.hal.api.Pose2D;
import mechos.perception.api.LocalisationState;
import mechos.perception.api.LocalisationState.Mode;
import mechos.perception.api.LocalisationState.Quality;

/**
 * Tracks {@code map -> odom} from LiDAR scans. Each scan (its returns in the robot frame) is matched at the pose
 * predicted by odometry and the last correction; a good match updates the correction, a poor one keeps it (the
 * pose then follows odometry) and counts toward {@link Quality#LOST}. In {@link Mode#SLAM} the matched scan is
 * added to the map being built whenever the robot has moved or turned enough since the last addition
 * (key scans, so standing still does not thicken the walls); in {@link Mode#STATIC_MAP} the map never changes.
 * Not thread-safe: one thread (the localisation thread) calls {@link #update}.
 */
public final class Localiser {
    /**
     * @param goodQuality    a match with at least this fraction of returns on the map updates the correction
     * @param lostAfter      this many poor matches in a row make the state LOST
     * @param keyDistance    SLAM: add a scan to the map after moving this far (m)
     * @param keyAngle       SLAM: or after turning this much (rad)
     * @param minReturns     scans with fewer returns are not matched (and count neither as good nor as poor)
     */
    public record Params(double goodQuality, int lostAfter, double keyDistance, double keyAngle, int minReturns) {
        public Params {
            if (!(goodQuality > 0 && goodQuality <= 1) || lostAfter < 1 || !(keyDistance >= 0)
                    || !(keyAngle >= 0) || minReturns < 1) {
                throw new IllegalArgumentException("localiser parameters out of range: " + goodQuality + ", "
                        + lostAfter + ", " + keyDistance + ", " + keyAngle + ", " + minReturns);
            }
        }

        public static Params defaults() {
            return new Params(0.5, 10, 0.1, Math.toRadians(5), 20);
        }
    }

    private final Mode mode;
    private final ScoreField field;
    private final ScanMatcher matcher;
    private final Params params;
    private Pose2D mapFromOdom;
    private Pose2D pendingPose;
    private Pose2D lastKey;
    private boolean matchedOnce;
    private int poor;
    private LocalisationState state;

    /**
     * @param mode        SLAM or STATIC_MAP (OFF needs no localiser)
     * @param field       the map to match against: empty for SLAM, the static map's field otherwise
     * @param initialPose the robot's pose in the map frame at the first scan
     */
    public Localiser(Mode mode, ScoreField field, ScanMatcher matcher, Params params, Pose2D initialPose) {
        if (mode == Mode.OFF) {
            throw new IllegalArgumentException("a localiser needs mode SLAM or STATIC_MAP");
        }
        this.mode = mode;
        this.field = field;
        this.matcher = matcher;
        this.params = params;
        this.pendingPose = initialPose;
        this.mapFromOdom = Pose2D.ORIGIN;
        // SLAM before its first scan: the map frame is odometry's start, nothing to be lost against yet
        this.state = new LocalisationState(mode, mode == Mode.SLAM ? Quality.ODOMETRY_ONLY : Quality.LOST, mapFromOdom,
                initialPose, 0, 0, 0);
    }

    /** Re-anchors: the next scan's robot pose in the map frame is {@code mapPose} (then matched around it). */
    public synchronized void setPose(Pose2D mapPose) {
        pendingPose = mapPose;
    }

    public synchronized LocalisationState state() {
        return state;
    }

    /**
     * @param timestampNanos the scan's time
     * @param odomPose       the robot's pose in odom at the scan's time
     * @param xs             return x in the robot frame (only measured returns: no max-range, no unknown beams)
     * @param ys             return y
     * @param n              number of returns
     * @return the new state
     */
    public LocalisationState update(long timestampNanos, Pose2D odomPose, double[] xs, double[] ys, int n) {
        Pose2D reset;
        synchronized (this) {
            reset = pendingPose;
            pendingPose = null;
        }
        if (reset != null) {
            mapFromOdom = Planar.compose(reset, Planar.inverse(odomPose));
            poor = 0;
        }
        Pose2D predicted = Planar.compose(mapFromOdom, odomPose);
        Pose2D pose = predicted;
        double quality = 0;
        boolean good = false;
        if (mode == Mode.SLAM && field.isEmpty() && n >= params.minReturns()) {
            // the first scan defines the map
            addToMap(predicted, xs, ys, n);
            good = true;
            quality = 1;
        } else if (n >= params.minReturns()) {
            ScanMatcher.Match m = matcher.match(field, xs, ys, n, predicted);
            quality = m.quality();
            if (m.quality() >= params.goodQuality()) {
                good = true;
                pose = m.pose();
                mapFromOdom = Planar.compose(pose, Planar.inverse(odomPose));
                if (mode == Mode.SLAM && movedEnough(pose)) {
                    addToMap(pose, xs, ys, n);
                }
            }
        }
        boolean evidence = n >= params.minReturns();
        if (good) {
            poor = 0;
            matchedOnce = true;
        } else if (evidence) {
            poor++;
        }
        // a scan with (almost) no returns is no evidence either way: the pose follows odometry and the quality
        // stays what it was (SLAM that has seen nothing yet is odometry only; a static map must be matched first)
        Quality q = !matchedOnce ? (mode == Mode.SLAM ? Quality.ODOMETRY_ONLY : Quality.LOST)
                : poor >= params.lostAfter() ? Quality.LOST : poor > 0 ? Quality.DEGRADED : Quality.TRACKING;
        LocalisationState next = new LocalisationState(mode, q, mapFromOdom, pose, quality, poor, timestampNanos);
        synchronized (this) {
            state = next;
        }
        return next;
    }

    private boolean movedEnough(Pose2D pose) {
        return lastKey == null || Math.hypot(pose.x() - lastKey.x(), pose.y() - lastKey.y()) >= params.keyDistance()
                || Math.abs(Pose2D.wrap(pose.theta() - lastKey.theta())) >= params.keyAngle();
    }

    private void addToMap(Pose2D pose, double[] xs, double[] ys, int n) {
        double c = Math.cos(pose.theta());
        double s = Math.sin(pose.theta());
        for (int i = 0; i < n; i++) {
            field.stamp(pose.x() + c * xs[i] - s * ys[i], pose.y() + s * xs[i] + c * ys[i]);
        }
        lastKey = pose;
    }
}
